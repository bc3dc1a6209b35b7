"""Helpers shared by the checks deploy/validate-manifests.sh runs over the rendered manifests."""


# Secrets that operators create from custom resources of the output, with their keys: an
# ExternalSecret's target (its data keys, or its template's), CloudNativePG's <cluster>-app
# (the database owner's login), Strimzi's one per KafkaUser and the cluster CA certificate of each Kafka.
def operator_secrets(docs):
    found = {}
    for d in docs:
        kind, meta, spec = d["kind"], d["metadata"], d.get("spec") or {}
        if kind == "ExternalSecret":
            target = spec.get("target") or {}
            template = target.get("template") or {}
            keys = set(template.get("data") or {}) or {item["secretKey"] for item in spec.get("data") or []}
            found[target.get("name") or meta["name"]] = keys
        elif kind == "Cluster" and d["apiVersion"].startswith("postgresql.cnpg.io/"):
            found[meta["name"] + "-app"] = {"username", "password", "host", "port", "dbname", "uri", "jdbc-uri", "pgpass"}
        elif kind == "KafkaUser":
            found[meta["name"]] = {"password", "sasl.jaas.config"}
        elif kind == "Kafka" and d["apiVersion"].startswith("kafka.strimzi.io/"):
            found[meta["name"] + "-cluster-ca-cert"] = {"ca.crt", "ca.p12", "ca.password"}
    return found
