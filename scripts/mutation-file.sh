#!/bin/sh
# Mutation testing one file at a time (issue 20): `sh scripts/mutation-file.sh lib/domain/flags.ts [...]`.
# Each file keeps its own incremental file and JSON report under reports/mutation/files/, which
# `tsx scripts/mutation-scores.ts --files` merges into one table (a full `npm run mutation` needs ~4 h on one core).
# A file whose run fails is reported and the next one runs.
mkdir -p reports/mutation/files
for file in "$@"; do
  name=$(echo "$file" | sed 's#^lib/domain/##; s#/#-#g; s#\.ts$##')
  nice -n 19 npx stryker run --mutate "$file" --incrementalFile "reports/mutation/files/$name.incremental.json" \
    --reporters json,progress,clear-text || { echo "mutation run of $file failed" >&2; continue; }
  cp reports/mutation/mutation.json "reports/mutation/files/$name.json"
done
