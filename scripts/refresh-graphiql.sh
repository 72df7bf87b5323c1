#!/usr/bin/env bash
# Refresh the GraphiQL that the API serves (qraph/static/graphiql/) from the npm registry.
#
# Each package below is fetched as its published tarball with `npm pack`, which checks the
# tarball against the registry's integrity hash; only the minified browser builds and the
# license texts are kept. No CDN is involved, and the page loads nothing from another host.
# To upgrade, change a version here, run `scripts/refresh-graphiql.sh`, then run
# `tests/integration/test_graphiql_assets.py` and `tests/e2e/test_graphiql_browser.py`.
set -euo pipefail

# package@version  file-in-tarball=served-name ...
PACKAGES=(
  "react@18.3.1 umd/react.production.min.js=react.production.min.js"
  "react-dom@18.3.1 umd/react-dom.production.min.js=react-dom.production.min.js"
  "graphiql@3.9.0 graphiql.min.js=graphiql.min.js graphiql.min.css=graphiql.min.css"
  "@graphiql/plugin-explorer@3.2.6 dist/index.umd.js=plugin-explorer.umd.js dist/style.css=plugin-explorer.css"
  "graphql-ws@6.0.6 umd/graphql-ws.min.js=graphql-ws.min.js"
)
# The explorer plugin's tarball ships no license text; it is MIT, from the same repository as
# graphiql (graphql/graphiql), whose LICENSE covers it.
LICENSE_FROM_GRAPHIQL="@graphiql/plugin-explorer"

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TARGET="$ROOT/qraph/static/graphiql"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

command -v npm >/dev/null || { echo "refresh-graphiql: npm is needed" >&2; exit 1; }

rm -rf "$TARGET"
mkdir -p "$TARGET/LICENSES"
echo "[" >"$WORK/versions.json"
first=1
for entry in "${PACKAGES[@]}"; do
  read -r spec mappings <<<"$entry"
  name="${spec%@*}"
  version="${spec##*@}"
  slug="${name//\//-}"
  slug="${slug#@}"
  mkdir -p "$WORK/$slug"
  (cd "$WORK/$slug" && npm pack --silent --json "$spec" >pack.json)
  tarball="$WORK/$slug/$(node -e 'console.log(require(process.argv[1])[0].filename)' "$WORK/$slug/pack.json")"
  integrity="$(node -e 'console.log(require(process.argv[1])[0].integrity)' "$WORK/$slug/pack.json")"
  tar -xzf "$tarball" -C "$WORK/$slug"
  files=()
  for mapping in $mappings; do
    source="${mapping%%=*}"
    served="${mapping#*=}"
    install -m 644 "$WORK/$slug/package/$source" "$TARGET/$served"
    # Minified bundles keep a source-map comment for a file we do not ship: drop it, so the
    # browser's developer tools do not request a missing file.
    sed -i -e '/^\/\/# sourceMappingURL=/d' -e 's#/\*\# sourceMappingURL=[^*]*\*/##' "$TARGET/$served"
    files+=("\"$served\"")
  done
  license="$(ls "$WORK/$slug/package" | grep -iE '^licen[cs]e' | head -n1 || true)"
  if [[ -n "$license" ]]; then
    install -m 644 "$WORK/$slug/package/$license" "$TARGET/LICENSES/$slug.txt"
  elif [[ "$name" != "$LICENSE_FROM_GRAPHIQL" ]]; then
    echo "refresh-graphiql: $spec ships no license file" >&2
    exit 1
  fi
  [[ $first == 1 ]] || echo "," >>"$WORK/versions.json"
  first=0
  joined="$(IFS=,; echo "${files[*]}")"
  printf '  {"name": "%s", "version": "%s", "integrity": "%s", "files": [%s]}' \
    "$name" "$version" "$integrity" "$joined" >>"$WORK/versions.json"
done
printf '\n]\n' >>"$WORK/versions.json"
install -m 644 "$WORK/versions.json" "$TARGET/versions.json"
{
  echo "@graphiql/plugin-explorer is MIT-licensed (its package.json) and published from the"
  echo "graphql/graphiql repository; its tarball ships no license text, so graphiql's follows."
  echo
  cat "$TARGET/LICENSES/graphiql.txt"
} >"$TARGET/LICENSES/graphiql-plugin-explorer.txt"
cat >"$TARGET/LICENSES/README.md" <<'EOF'
# Third-party code served with GraphiQL

Every file in `qraph/static/graphiql/` except this folder and `versions.json` is a published npm
package's minified browser build, copied unchanged (source-map comments removed) by
`scripts/refresh-graphiql.sh`. `versions.json` names each package, its version, the registry's
integrity hash of the tarball and the files taken from it. The license of each package is beside
this file (each MIT). `graphiql.min.js` also bundles GraphiQL's own dependencies (@graphiql/react,
CodeMirror 5, markdown-it and others); their licenses are those of the packages that graphiql's
and @graphiql/react's package.json name.
EOF
du -sh "$TARGET"
echo "refresh-graphiql: wrote $TARGET"
