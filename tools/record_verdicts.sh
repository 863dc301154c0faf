#!/usr/bin/env bash
# Record Nova 34.0.0's verdicts for every conformance topic.
#   tools/record_verdicts.sh NOVA_PYTHON [ORACLE_DIR]
# NOVA_PYTHON: the python of a virtualenv with nova==34.0.0.
# ORACLE_DIR: the shared oracle (default ../shared/oracle next to the repo).
set -euo pipefail
nova_python=${1:?usage: $0 NOVA_PYTHON [ORACLE_DIR]}
here=$(cd "$(dirname "$0")/.." && pwd)
oracle=${2:-$here/../shared/oracle}
for cases in "$here"/tests/conformance/*/cases.jsonl; do
  dir=$(dirname "$cases")
  if [ "$(basename "$dir")" = base64-fixed ]; then
    # Nova on a Python with the CVE-2026-3446 base64 fix (simulated in Nova's process).
    PYTHONPATH="$here/tools/cve_2026_3446" "$nova_python" "$oracle/nova_verdict.py" "$cases" \
      -o "$dir/verdicts-cve-2026-3446.jsonl" -j 2 2>/dev/null
    echo "base64-fixed: $(wc -l < "$dir/verdicts-cve-2026-3446.jsonl") verdicts (fixed base64)"
    continue
  fi
  "$nova_python" "$oracle/nova_verdict.py" "$cases" -o "$dir/verdicts.jsonl" -j 2 2>/dev/null
  echo "$(basename "$dir"): $(wc -l < "$dir/verdicts.jsonl") verdicts"
done
