#!/bin/sh
# Mutation testing one file at a time (issue 20): `sh scripts/mutation-file.sh [--survivors | --force | --together] lib/domain/flags.ts …`.
# Each file keeps its own incremental file and JSON report under reports/mutation/files/, with the commit it ran on
# (`<name>.run.json`), which `tsx scripts/mutation-scores.ts --files` merges into docs/mutation-scores.json and the
# README table (a full `npm run mutation` needs ~2 h on one core). A file whose run fails is reported and the next
# one runs. Incremental mode keeps a static mutant's "survived" when tests are added that kill it (docs/decisions.md,
# "Issue 20"): `--survivors` first drops the survived, uncovered and timed-out mutants from the file's incremental
# record, so they are tested again (minutes); `--force` re-tests every mutant of the file. `--together` mutates the files given in
# one Stryker run, named after the first (Stryker's start costs a minute or more, as much as a small file's mutants);
# the options combine: `--survivors --together f1 f2` re-tests the survivors of that earlier run of f1 f2.
force=
survivors=
together=
while true; do
  case "$1" in
    --force) force=--force; shift ;;
    --survivors) survivors=1; shift ;;
    --together) together=1; shift ;;
    *) break ;;
  esac
done
mkdir -p reports/mutation/files
# A mutant's tests may wait for the CPU on a shared machine: 30 s over their own time (not Stryker's 10 s) before a
# run counts as a timeout, which Stryker counts as killed and only an endless loop should earn.
if [ -n "$together" ]; then set -- "$(echo "$@" | tr ' ' ',')"; fi
for file in "$@"; do
  name=$(echo "$file" | sed 's#,.*#-and-more#; s#^lib/domain/##; s#/#-#g; s#\.ts##')
  incremental="reports/mutation/files/$name.incremental.json"
  if [ -n "$survivors" ] && [ -f "$incremental" ]; then
    node -e 'const fs = require("fs"); const p = process.argv[1]; const r = JSON.parse(fs.readFileSync(p, "utf8"));
      for (const f of Object.values(r.files)) f.mutants = f.mutants.filter((m) => !["Survived", "NoCoverage", "Timeout"].includes(m.status));
      fs.writeFileSync(p, JSON.stringify(r));' "$incremental"
  fi
  commit=$(git rev-parse --short HEAD)
  git diff --quiet HEAD -- $(echo "$file" | tr ',' ' ') test/lib/domain || commit="$commit+uncommitted"
  nice -n 19 npx stryker run --mutate "$file" --incrementalFile "$incremental" \
    --reporters json,progress,clear-text --timeoutMS 30000 $force || { echo "mutation run of $file failed" >&2; continue; }
  cp reports/mutation/mutation.json "reports/mutation/files/$name.json"
  # The files given, so that one in which Stryker finds no mutant (types only) is recorded as run too.
  printf '{ "commit": "%s", "date": "%s", "files": ["%s"] }\n' "$commit" "$(date -u +%Y-%m-%dT%H:%MZ)" \
    "$(echo "$file" | sed 's#,#", "#g')" > "reports/mutation/files/$name.run.json"
done
