#!/usr/bin/env bash
# CI: the triple stores tests/test_stores.py compares the named queries on, installed from Debian.
#
#   .ci/stores.sh            install Virtuoso 7 and Apache Jena 4 (TDB2) if missing, then check both start
#
# Virtuoso: Debian's virtuoso-opensource gives virtuoso-t and isql-vt; the tests start their own server
# from a small ini on free loopback ports (docs/sparql.md, "Virtuoso").
# Jena: Debian's libapache-jena-java ships the jars but no riot/tdb2.* scripts, and its jena-core keeps
# the xerces message resources under org/apache/jena/ext/xerces while the classes sit under xerces/, so
# Jena stops in XSSimpleTypeDecl.applyFacets1. We repack the resources next to the classes into one small
# jar and put tdb2.tdbloader, tdb2.tdbquery and riot wrappers on the PATH (/usr/local/bin), as an
# upstream Jena distribution has them.
set -euo pipefail

BIN=${KG_STORES_BIN:-/usr/local/bin}
LIB=${KG_STORES_LIB:-/usr/local/lib/kg-jena}

if ! command -v virtuoso-t >/dev/null 2>&1 || ! command -v isql-vt >/dev/null 2>&1 \
    || [ ! -f /usr/share/java/jena-cmds.jar ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    virtuoso-opensource libapache-jena-java default-jre-headless >/dev/null
fi
# The Debian package starts a system-wide Virtuoso on 1111/8890 where it can; the tests run their own.
if command -v service >/dev/null 2>&1; then service virtuoso-opensource-7 stop >/dev/null 2>&1 || true; fi

mkdir -p "$LIB" "$BIN"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && unzip -q -o /usr/share/java/jena-core.jar 'org/apache/jena/ext/xerces/*' \
  && mkdir -p repack && cp -r org/apache/jena/ext/xerces repack/xerces \
  && (cd repack && jar cf "$LIB/jena-xerces-resources.jar" xerces 2>/dev/null \
      || python3 -m zipfile -c "$LIB/jena-xerces-resources.jar" xerces))

J=/usr/share/java
cp_jars=("$LIB/jena-xerces-resources.jar")
for jar in jena-arq jena-base jena-cmds jena-core jena-dboe-base jena-dboe-index jena-dboe-storage \
    jena-dboe-trans-data jena-dboe-transaction jena-iri jena-rdfconnection jena-shacl jena-tdb jena-tdb2 \
    slf4j-api slf4j-simple commons-cli commons-codec commons-compress commons-csv commons-io commons-lang3 \
    dexx.collection guava gson jackson-annotations jackson-core jackson-databind jsonld-java thrift \
    protobuf titanium-json-ld jakarta.json-api; do
  [ -f "$J/$jar.jar" ] && cp_jars+=("$J/$jar.jar")
done
classpath=$(IFS=:; echo "${cp_jars[*]}")
for cmd in tdb2.tdbloader tdb2.tdbquery tdb2.tdbstats riot; do
  main=$cmd; [ "$cmd" = riot ] && main=riotcmd.riot
  cat > "$BIN/$cmd" <<WRAPPER
#!/bin/sh
# Apache Jena $cmd from Debian's jars (written by kg's .ci/stores.sh)
exec java \${JVM_ARGS:--Xmx2G} -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$classpath" $main "\$@"
WRAPPER
  chmod +x "$BIN/$cmd"
done

# Smoke test: both start and answer.
printf '<urn:a> <urn:b> "c" <urn:g> .\n' > "$work/t.nq"
"$BIN/tdb2.tdbloader" --loc "$work/tdb" "$work/t.nq" >/dev/null
"$BIN/tdb2.tdbquery" --loc "$work/tdb" --set tdb:unionDefaultGraph=true --results=CSV \
  'SELECT ?o WHERE { ?s ?p ?o }' | grep -q '^c' || { echo "stores.sh: Jena TDB2 does not answer" >&2; exit 1; }
virtuoso-t +help >/dev/null 2>&1 || true
command -v isql-vt >/dev/null || { echo "stores.sh: isql-vt missing" >&2; exit 1; }
echo "stores: virtuoso $(virtuoso-t +version 2>&1 | grep -o 'Version [0-9.]*' | head -1), jena TDB2 in $BIN"
