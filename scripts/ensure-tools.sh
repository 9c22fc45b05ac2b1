#!/usr/bin/env bash
# Makes sure what a test slice needs is on this machine, installing what is missing when it can.
#   bash scripts/ensure-tools.sh [node] [kafka] [tools] [browser]
#   node     npm packages (npm ci when node_modules is missing or older than the lockfile)
#   kafka    Java 17 (a JDK: the embedded Flink's runner is compiled), Maven and kcat, then Apache
#            Kafka's and Apache Flink's jars through Maven (cached in .cache/kafka and .cache/flink)
#   tools    promtool (Debian's prometheus package)
#   browser  Chromium at /usr/bin/chromium (Playwright drives Debian's build)
# Debian packages are installed with apt-get when running as root or with password-less sudo;
# otherwise it stops at once and prints the exact command to run.
set -euo pipefail
cd "$(dirname "$0")/.."

want_node=0 want_kafka=0 want_tools=0 want_browser=0
for slice in "$@"; do
  case "$slice" in
    node) want_node=1 ;;
    kafka) want_kafka=1 ;;
    tools) want_tools=1 ;;
    browser) want_browser=1 ;;
    *) echo "ensure-tools: invalid slice: $slice (want node, kafka, tools or browser)" >&2; exit 2 ;;
  esac
done

missing=()
need() { # need COMMAND DEBIAN-PACKAGE
  command -v "$1" >/dev/null 2>&1 || missing+=("$2")
}
if [ "$want_kafka" = 1 ]; then
  need java openjdk-17-jre-headless
  need javac openjdk-17-jdk-headless
  need mvn maven
  need kcat kcat
fi
[ "$want_tools" = 1 ] && need promtool prometheus
[ "$want_browser" = 1 ] && { [ -x /usr/bin/chromium ] || missing+=(chromium); }

if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    sudo=()
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    sudo=(sudo)
  else
    echo "Tapedeck's tests need: ${missing[*]}. Install them with:" >&2
    echo "  sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "Tapedeck's tests need: ${missing[*]} (Debian package names); install them, then rerun." >&2
    exit 1
  fi
  echo "== apt-get install ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get update -qq
  "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [ "$want_node" = 1 ]; then
  if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    echo "== npm ci"
    npm ci --no-audit --no-fund
  fi
fi

if [ "$want_kafka" = 1 ]; then
  # Same code path as `tapedeck kafka`; quick when the jars are cached.
  echo "== Apache Kafka jars (cached after the first run)"
  node bin/tapedeck.js kafka --fetch-only
  echo "== Apache Flink jars and runner (cached after the first run)"
  node bin/tapedeck.js flink fetch
fi
