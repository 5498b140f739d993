#!/bin/sh
# Mutation testing one file at a time (issue 20): `sh scripts/mutation-file.sh [--force] lib/domain/flags.ts [...]`.
# Each file keeps its own incremental file and JSON report under reports/mutation/files/, with the commit it ran on
# (`<name>.run.json`), which `tsx scripts/mutation-scores.ts --files` merges into docs/mutation-scores.json and the
# README table (a full `npm run mutation` needs ~2 h on one core). A file whose run fails is reported and the next
# one runs. `--force` re-tests every mutant, not only those incremental mode thinks changed: needed after adding
# tests that kill a static mutant (docs/decisions.md, "Issue 20").
force=
if [ "$1" = --force ]; then force=--force; shift; fi
mkdir -p reports/mutation/files
for file in "$@"; do
  name=$(echo "$file" | sed 's#^lib/domain/##; s#/#-#g; s#\.ts$##')
  commit=$(git rev-parse --short HEAD)
  git diff --quiet HEAD -- "$file" test/lib/domain || commit="$commit+uncommitted"
  nice -n 19 npx stryker run --mutate "$file" --incrementalFile "reports/mutation/files/$name.incremental.json" \
    --reporters json,progress,clear-text $force || { echo "mutation run of $file failed" >&2; continue; }
  cp reports/mutation/mutation.json "reports/mutation/files/$name.json"
  printf '{ "commit": "%s", "date": "%s" }\n' "$commit" "$(date -u +%Y-%m-%dT%H:%MZ)" > "reports/mutation/files/$name.run.json"
done
