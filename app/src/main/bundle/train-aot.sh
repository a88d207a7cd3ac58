#!/usr/bin/env bash
# Trains the JVM's AOT cache for scaleout-app (JDK 25+): runs the installed app once with
# the unit's own java and flags, -XX:AOTCache=FILE turned into -XX:AOTCacheOutput=FILE, sends
# it the requests an instance serves, stops it with SIGTERM (as systemctl stop does); the JVM
# writes the cache as it exits. The unit then starts from the cache. Run it during the image
# bake, after install.sh, with the service stopped; again after a JDK or app update.
#
#   sudo /opt/scaleout-app/train-aot.sh            as the service user, into /var/cache/scaleout-app
#   train-aot.sh --root DIR [--port N]             an install laid out by install.sh --root DIR
#                                                  (java from PATH, as the current user)
# Exit codes: 0 cache written (or nothing to do on a JDK without AOT caches), 1 training failed,
# 2 wrong usage.
set -euo pipefail
APP=scaleout-app
ROOT=""
PORT=18089
usage() { echo "usage: $0 [--root DIR] [--port N]" >&2; exit 2; }
while [[ $# -gt 0 ]]; do
  case "$1" in
    --root) [[ $# -ge 2 ]] || usage; ROOT=$(cd "$2" && pwd); shift 2 ;;
    --port) [[ $# -ge 2 && "$2" =~ ^[0-9]+$ ]] || usage; PORT=$2; shift 2 ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) usage ;;
  esac
done
UNIT=$ROOT/etc/systemd/system/$APP.service
[[ -f "$UNIT" ]] || { echo "error: $UNIT is missing: run install.sh first" >&2; exit 2; }

# ExecStart of the unit, continuation lines joined; paths moved under --root
exec_start=$(sed -e ':a' -e '/\\$/N; s/\\\n//; ta' "$UNIT" | sed -n 's/^ExecStart=//p' | tr -s ' ')
read -r -a words <<<"$exec_start"
java_bin=${words[0]}
[[ -n "$ROOT" ]] && java_bin=$(command -v java)
cache=""
args=()
for w in "${words[@]:1}"; do
  w=${w//%%/%}
  [[ -n "$ROOT" ]] && w=$(sed -E "s#(^|=)/(opt|var|etc)/#\\1$ROOT/\\2/#g" <<<"$w")
  case "$w" in
    -XX:AOTCache=*) cache=${w#*=}; args+=("-XX:AOTCacheOutput=$cache") ;;
    -Xlog:aot=off) ;; # training: show what the JVM says about the cache
    *) args+=("$w") ;;
  esac
done
if [[ -z "$cache" ]]; then
  echo "the unit's ExecStart has no -XX:AOTCache (JDK older than 25?): nothing to train"
  exit 0
fi

as_user=()
if [[ -z "$ROOT" ]]; then
  [[ $(id -u) == 0 ]] || { echo "error: run as root (sudo $0), or use --root DIR" >&2; exit 2; }
  install -d -o "$APP" -g "$APP" -m 0755 "$(dirname "$cache")" # as systemd's CacheDirectory= makes it
  # setpriv execs the JVM itself; runuser would stay its parent and SIGKILL it 2 s after the
  # SIGTERM below, before the JVM has written the cache.
  as_user=(setpriv --reuid="$APP" --regid="$APP" --init-groups --)
  [[ -d /var/log/$APP ]] || install -d -o "$APP" -g "$APP" -m 0755 "/var/log/$APP"
else
  mkdir -p "$(dirname "$cache")" "$ROOT/var/log/$APP"
fi
rm -f "$cache"

log=$(mktemp /tmp/$APP-train.XXXXXX)
echo "training the AOT cache $cache with $java_bin on port $PORT (log: $log)"
start=$SECONDS
(cd "$ROOT/opt/$APP" && exec env HTTP_PORT="$PORT" DRAIN_SECONDS=0 MALLOC_ARENA_MAX=2 \
  "${as_user[@]}" "$java_bin" "${args[@]}") >"$log" 2>&1 &
pid=$!
up=0
for _ in $(seq 1 300); do
  if curl -s -o /dev/null --max-time 2 "http://127.0.0.1:$PORT/q/health/live"; then up=1; break; fi
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.2
done
if (( ! up )); then
  kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true
  tail -20 "$log" >&2; echo "error: the app did not start for training" >&2; exit 1
fi
# What an instance serves: the ALB's health page most, the fleet, the API, health checks.
for round in $(seq 1 200); do
  for path in /ec2meta-webpage/index.php /api/instance /q/health/ready; do
    curl -s -o /dev/null --max-time 5 "http://127.0.0.1:$PORT$path" || true
  done
  if (( round % 20 == 0 )); then
    for path in / /api/fleet /api/stress /q/metrics; do curl -s -o /dev/null --max-time 5 "http://127.0.0.1:$PORT$path" || true; done
  fi
done
kill -TERM "$pid"
wait "$pid" || true # 143: a clean stop by SIGTERM
if [[ ! -s "$cache" ]]; then
  tail -20 "$log" >&2; echo "error: no AOT cache written at $cache" >&2; exit 1
fi
rm -f "$log"
echo "AOT cache written: $cache ($(( $(stat -c %s "$cache") / 1048576 )) MiB) in $((SECONDS - start)) s"
