#!/usr/bin/env python3
"""Turns CustomResourceDefinition YAML files into the strict JSON schemas kubeconform reads.

Usage: crd-json-schemas.py OUT_DIR CRD_FILE...

Writes OUT_DIR/<group>/<kind>_<version>.json (lower case) for every served version of every CRD.
Strict like the Kubernetes "-strict" schemas: an object with declared properties refuses unknown
ones (unless the CRD says x-kubernetes-preserve-unknown-fields or gives additionalProperties), so
a misspelt field fails. apiVersion, kind and metadata are added at the root, since CRDs leave them
out. Kubernetes' own extensions become JSON Schema: x-kubernetes-int-or-string (an integer or a
string) and nullable (null allowed).
"""
import json
import os
import sys

import yaml

# PyYAML reads a bare `=` (an enum value in Prometheus Operator's CRDs) as YAML 1.1's "value" tag.
yaml.SafeLoader.add_constructor("tag:yaml.org,2002:value", lambda loader, node: loader.construct_scalar(node))


def strict(node):
    if isinstance(node, list):
        return [strict(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: strict(value) for key, value in node.items()}
    if node.pop("x-kubernetes-int-or-string", False):
        node.pop("type", None)
        node["anyOf"] = [{"type": "integer"}, {"type": "string"}]
    if node.pop("nullable", False) and "type" in node:
        node["type"] = [node["type"], "null"]
    preserve = node.get("x-kubernetes-preserve-unknown-fields")
    if "properties" in node and "additionalProperties" not in node and not preserve:
        node["additionalProperties"] = False
    return node


def main(out, paths):
    written = 0
    for path in paths:
        with open(path) as source:
            documents = [d for d in yaml.safe_load_all(source) if d and d.get("kind") == "CustomResourceDefinition"]
        for crd in documents:
            spec = crd["spec"]
            for version in spec["versions"]:
                if not version.get("served", True):
                    continue
                schema = strict(version.get("schema", {}).get("openAPIV3Schema", {"type": "object"}))
                properties = schema.setdefault("properties", {})
                properties["apiVersion"] = {"type": "string", "enum": [f"{spec['group']}/{version['name']}"]}
                properties["kind"] = {"type": "string", "enum": [spec["names"]["kind"]]}
                properties["metadata"] = {"type": "object"}
                if not schema.get("x-kubernetes-preserve-unknown-fields"):
                    schema["additionalProperties"] = False
                target = os.path.join(out, spec["group"], f"{spec['names']['kind'].lower()}_{version['name']}.json")
                os.makedirs(os.path.dirname(target), exist_ok=True)
                with open(target, "w") as sink:
                    json.dump(schema, sink, separators=(",", ":"))
                written += 1
    if written == 0:
        sys.exit("no CustomResourceDefinition found in " + " ".join(paths))
    print(f"  {written} schema files")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
