"""Checks that the Grafana dashboards of deploy/monitoring/dashboards/ are provisioned everywhere
Atlas is monitored: as ConfigMaps in the rendered overlays, and by docker-compose.yml's Grafana.

Run by deploy/validate-manifests.sh:
    python3 deploy/dashboard_checks.py <root> <compose.json rendered with --profile monitoring> <name>=<rendered.yaml>...
Prints one line per problem on stderr and exits 1 when there is any.
"""
import glob
import json
import os
import sys
from urllib.parse import urlparse

import yaml

DASHBOARD_LABEL = "grafana_dashboard"
DATASOURCE_LABEL = "grafana_datasource"
# kubectl apply (client-side) copies the object into an annotation; all annotations together must
# stay under 256 KiB, so a dashboard ConfigMap bigger than that cannot be applied.
ANNOTATIONS_LIMIT = 262144


def dashboard_files(root):
    """{file name: text} of every dashboard in the repository."""
    paths = sorted(glob.glob(os.path.join(root, "deploy/monitoring/dashboards/*.json")))
    return {os.path.basename(p): open(p, encoding="utf-8").read() for p in paths}


def check_overlay(name, docs, dashboards):
    """Problems of one rendered overlay. An overlay is monitored when it has a ServiceMonitor or any
    dashboard ConfigMap; a monitored overlay has exactly one ConfigMap per dashboard file, holding
    that file unchanged, and a data source ConfigMap for a Prometheus."""
    problems = []
    configmaps = [d for d in docs if d.get("kind") == "ConfigMap"]
    labelled = [c for c in configmaps if (c["metadata"].get("labels") or {}).get(DASHBOARD_LABEL) == "1"]
    monitored = any(d.get("kind") == "ServiceMonitor" for d in docs) or labelled
    if not monitored:
        return problems, 0
    found = {}
    for configmap in labelled:
        data = configmap.get("data") or {}
        cname = configmap["metadata"]["name"]
        if len(data) != 1:
            problems.append(f"{name}: ConfigMap/{cname}: holds {len(data)} files; one dashboard per ConfigMap")
        for key, text in data.items():
            if key in found:
                problems.append(f"{name}: dashboard {key} is in ConfigMaps {found[key]} and {cname}")
            found[key] = cname
            if key not in dashboards:
                problems.append(f"{name}: ConfigMap/{cname}: {key} is not a file of deploy/monitoring/dashboards/")
                continue
            try:
                json.loads(text)
            except ValueError as error:
                problems.append(f"{name}: ConfigMap/{cname}: {key} is not valid JSON ({error})")
            if text != dashboards[key]:
                problems.append(f"{name}: ConfigMap/{cname}: {key} differs from deploy/monitoring/dashboards/{key}")
        if len(json.dumps(configmap)) >= ANNOTATIONS_LIMIT:
            problems.append(f"{name}: ConfigMap/{cname}: too big for kubectl apply's last-applied annotation (256 KiB)")
    for file in sorted(set(dashboards) - set(found)):
        problems.append(f"{name}: deploy/monitoring/dashboards/{file} has no ConfigMap labelled {DASHBOARD_LABEL}: \"1\" "
                        "(add it to deploy/monitoring/kustomization.yaml)")
    datasources = [c for c in configmaps if (c["metadata"].get("labels") or {}).get(DATASOURCE_LABEL) == "1"]
    sources = []
    for configmap in datasources:
        for key, text in (configmap.get("data") or {}).items():
            for source in (yaml.safe_load(text) or {}).get("datasources") or []:
                sources.append((configmap["metadata"]["name"], key, source))
    prometheus = [s for s in sources if s[2].get("type") == "prometheus" and urlparse(s[2].get("url", "")).hostname]
    if not prometheus:
        problems.append(f"{name}: no ConfigMap labelled {DATASOURCE_LABEL}: \"1\" with a Prometheus data source and its URL")
    for cname, key, source in sources:
        if source.get("isDefault"):
            problems.append(f"{name}: ConfigMap/{cname}: {key}: data source {source.get('name')} is the default "
                            "(the cluster's Grafana has its own; Grafana refuses two)")
    return problems, len(found)


def _bind_mounts(service):
    return [v for v in service.get("volumes") or [] if v.get("type") == "bind"]


def _host_path(mounts, container_path):
    """The host path behind a container path, through the bind mount that holds it (or None)."""
    container_path = os.path.normpath(container_path)
    best = None
    for mount in mounts:
        target = os.path.normpath(mount["target"])
        if container_path == target or container_path.startswith(target + os.sep):
            if best is None or len(target) > len(os.path.normpath(best["target"])):
                best = mount
    if best is None:
        return None
    return os.path.join(best["source"], os.path.relpath(container_path, os.path.normpath(best["target"])))


def check_compose(compose, dashboards):
    """Problems of docker-compose.yml's Grafana (rendered with --profile monitoring)."""
    problems = []
    services = compose.get("services") or {}
    grafana = next(((n, s) for n, s in services.items() if str(s.get("image", "")).startswith("grafana/grafana")), None)
    if grafana is None:
        return ["docker-compose.yml: no grafana/grafana service in the monitoring profile"]
    gname, service = grafana
    where = f"docker-compose.yml: service {gname}"
    image = service["image"]
    if ":" not in image.split("/")[-1] or image.endswith(":latest"):
        problems.append(f"{where}: image {image} is not pinned to a version")
    mounts = _bind_mounts(service)
    for mount in mounts:
        if not mount.get("read_only"):
            problems.append(f"{where}: bind mount {mount['source']} -> {mount['target']} is not read-only")
        if not os.path.exists(mount["source"]):
            problems.append(f"{where}: bind mount source {mount['source']} does not exist")
    environment = service.get("environment") or {}
    if environment.get("GF_AUTH_ANONYMOUS_ENABLED") != "false":
        problems.append(f"{where}: GF_AUTH_ANONYMOUS_ENABLED is not \"false\"")
    if "GF_SECURITY_ADMIN_PASSWORD" in environment:
        problems.append(f"{where}: GF_SECURITY_ADMIN_PASSWORD is set in the compose file; use GF_SECURITY_ADMIN_PASSWORD__FILE and a secret")
    password_file = environment.get("GF_SECURITY_ADMIN_PASSWORD__FILE")
    secret_targets = {s.get("target") or f"/run/secrets/{s['source']}": s["source"] for s in service.get("secrets") or []}
    secret = (compose.get("secrets") or {}).get(secret_targets.get(password_file, ""), {})
    if not password_file or not secret.get("environment"):
        problems.append(f"{where}: the admin password is not a secret read from an environment variable "
                        "(GF_SECURITY_ADMIN_PASSWORD__FILE pointing at a secret with `environment:`)")

    # Grafana reaches Prometheus only: the services it shares a network with.
    networks = set(service.get("networks") or {})
    neighbours = sorted(n for n, s in services.items() if n != gname and networks & set(s.get("networks") or {}))
    prometheus = [n for n in neighbours if str(services[n].get("image", "")).startswith("prom/prometheus")]
    if len(prometheus) != 1 or neighbours != prometheus:
        problems.append(f"{where}: shares a network with {neighbours or 'no service'}; it should reach one Prometheus only")

    provisioning = _host_path(mounts, "/etc/grafana/provisioning")
    if provisioning is None or not os.path.isdir(provisioning):
        return problems + [f"{where}: /etc/grafana/provisioning is not a bind mount of an existing directory"]
    sources = []
    for path in sorted(glob.glob(os.path.join(provisioning, "datasources", "*.y*ml"))):
        sources += (yaml.safe_load(open(path)) or {}).get("datasources") or []
    urls = [urlparse(s.get("url", "")) for s in sources if s.get("type") == "prometheus"]
    if not urls:
        problems.append(f"{where}: no Prometheus data source in {provisioning}/datasources")
    for url in urls:
        if url.hostname not in prometheus or url.port != 9090:
            problems.append(f"{where}: data source URL {url.geturl()} is not the Prometheus service it shares a network with (port 9090)")
    providers = []
    for path in sorted(glob.glob(os.path.join(provisioning, "dashboards", "*.y*ml"))):
        providers += (yaml.safe_load(open(path)) or {}).get("providers") or []
    loaded = set()
    for provider in providers:
        path = (provider.get("options") or {}).get("path", "")
        host = _host_path(mounts, path)
        if host is None or not os.path.isdir(host):
            problems.append(f"{where}: dashboard provider {provider.get('name')} reads {path}, which is no bind mount of an existing directory")
            continue
        for file in dashboards:
            file_path = os.path.join(host, file)
            if os.path.isfile(file_path) and open(file_path, encoding="utf-8").read() == dashboards[file]:
                loaded.add(file)
    for file in sorted(set(dashboards) - loaded):
        problems.append(f"{where}: deploy/monitoring/dashboards/{file} is loaded by no dashboard provider")
    return problems


def main(root, compose_json, targets):
    dashboards = dashboard_files(root)
    problems = [] if dashboards else ["deploy/monitoring/dashboards/ holds no dashboard"]
    summary = []
    for spec in targets:
        name, path = spec.split("=", 1)
        docs = [d for d in yaml.safe_load_all(open(path)) if d]
        found, count = check_overlay(name, docs, dashboards)
        problems += found
        summary.append(f"{name}: {count} dashboard ConfigMaps" if count else f"{name}: not monitored")
    if os.path.exists(compose_json):
        problems += check_compose(json.load(open(compose_json)), dashboards)
        summary.append("compose: provisioned")
    else:
        problems.append("docker-compose.yml: no configuration rendered with --profile monitoring")
    for problem in problems:
        print(f"       {problem}", file=sys.stderr)
    print(f"       {len(dashboards)} dashboards; {'; '.join(summary)}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2], sys.argv[3:]))
