#!/usr/bin/env bash
# Runs the tests: jobs/test.sh [maven options...]   e.g. jobs/test.sh -Dtest=RunReportTest
# The README's test command, and what CI runs (.ci/run). Besides Java 17 and Maven the tests need Debian's
# chromium, in which the report test renders report.html headless; it is installed here when /usr/bin/chromium
# is missing (as root, or with sudo). CHROMIUM may name another Chromium binary instead.
set -euo pipefail
cd "$(dirname "$0")/.."

chromium="${CHROMIUM:-/usr/bin/chromium}"
install_chromium() {
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || { echo "not root and no sudo"; return 1; }
    sudo="sudo"
  fi
  command -v apt-get >/dev/null 2>&1 || { echo "no apt-get (not Debian or Ubuntu)"; return 1; }
  echo "jobs/test.sh: installing Debian's chromium for the report test (apt-get install -y chromium)..." >&2
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -q >&2 || { echo "apt-get update failed"; return 1; }
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >&2 || { echo "apt-get install failed"; return 1; }
}
if [ ! -x "$chromium" ]; then
  if ! why="$(install_chromium)" || [ ! -x "$chromium" ]; then
    echo "jobs/test.sh: WARNING: cannot install chromium (${why:-$chromium still missing}); the report test will fail." >&2
    echo "jobs/test.sh: install it with 'apt-get install -y chromium' as root, or set CHROMIUM to a Chromium binary." >&2
  fi
fi

# A JVM that dies in native code (ND4J, OpenBLAS, oneDNN) leaves only "The forked VM terminated" in Maven's
# output; its hs_err file (-XX:ErrorFile in the pom) and Surefire's dump streams say why, so print them.
status=0
mvn -B test "$@" || status=$?
if [ "$status" -ne 0 ]; then
  for f in target/hs_err_pid*.log target/surefire-reports/*.dumpstream target/surefire-reports/*.dump; do
    [ -f "$f" ] || continue
    echo "==== jobs/test.sh: $f (first 120 lines) ====" >&2
    head -n 120 "$f" >&2
  done
fi
exit "$status"
