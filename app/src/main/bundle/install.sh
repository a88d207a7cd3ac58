#!/usr/bin/env bash
# Installs scaleout-app from this bundle (the directory this script is in). Idempotent: a
# second run with the same bundle changes nothing; a new bundle replaces the app files and
# the unit but never the env file.
#
#   sudo ./install.sh             install on this machine: system user scaleout-app,
#                                 /opt/scaleout-app, the unit, /etc/scaleout-app/app.env;
#                                 daemon-reload and enable (it does not start the service)
#   ./install.sh --root DIR       lay the same files out under DIR only: no user, no chown,
#                                 no systemctl (for tests and image staging)
#
# Exit codes: 0 done, 2 wrong usage or missing prerequisite (e.g. no java 17+).
set -euo pipefail

APP=scaleout-app
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=""
usage() { echo "usage: $0 [--root DIR]" >&2; exit 2; }
while [[ $# -gt 0 ]]; do
  case "$1" in
    --root) [[ $# -ge 2 && -n "$2" ]] || usage; ROOT=$(mkdir -p "$2" && cd "$2" && pwd); shift 2 ;;
    --root=*) ROOT=$(mkdir -p "${1#--root=}" && cd "${1#--root=}" && pwd); shift ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) usage ;;
  esac
done

for f in quarkus-app/quarkus-run.jar "$APP.service" app.env.template train-aot.sh; do
  [[ -e "$HERE/$f" ]] || { echo "error: $HERE/$f is missing: run install.sh from an unpacked bundle" >&2; exit 2; }
done

# --- java: the unit runs the java named in its ExecStart; --root checks the one on PATH ---
unit_java=$(sed -n 's/^ExecStart=\([^ ]*\).*/\1/p' "$HERE/$APP.service")
if [[ -z "$ROOT" ]]; then java_bin=$unit_java; else java_bin=$(command -v java || true); fi
if [[ -z "$java_bin" || ! -x "$java_bin" ]]; then
  echo "error: java not found${java_bin:+ at $java_bin} (the unit runs $unit_java): install a JDK 17+," \
       "e.g. 'dnf install -y java-25-amazon-corretto-headless', then run install.sh again" >&2
  exit 2
fi
java_version=$("$java_bin" -version 2>&1 | sed -n 's/.*version "\([^"]*\)".*/\1/p' | head -n1)
java_major=${java_version%%[.+-]*}
[[ "$java_major" == 1 ]] && java_major=$(echo "$java_version" | cut -d. -f2)   # 1.8.0_x -> 8
if ! [[ "$java_major" =~ ^[0-9]+$ ]] || (( java_major < 17 )); then
  echo "error: $java_bin is Java '${java_version:-unknown}'; scaleout-app needs Java 17 or newer" \
       "(Amazon Corretto 25 recommended)" >&2
  exit 2
fi
echo "java: $java_bin ($java_version)"

changed=0
note() { echo "  $1 $2"; }
# put SRC DEST MODE: copy only when content or mode differ, so a rerun touches nothing.
put() {
  local src=$1 dest=$2 mode=$3
  if [[ -f "$dest" ]] && cmp -s "$src" "$dest" && [[ $(stat -c %a "$dest") == "${mode#0}" ]]; then
    return
  fi
  install -D -m "$mode" "$src" "$dest"
  note updated "${dest#"$ROOT"}"; changed=$((changed + 1))
}
dir() { # dir PATH MODE
  if [[ ! -d "$1" ]]; then install -d -m "$2" "$1"; note created "${1#"$ROOT"}/"; changed=$((changed + 1))
  elif [[ $(stat -c %a "$1") != "${2#0}" ]]; then chmod "$2" "$1"; note chmod "${1#"$ROOT"}/"; changed=$((changed + 1)); fi
}

# --- the system user (not in --root mode) ---
if [[ -z "$ROOT" ]]; then
  [[ $(id -u) == 0 ]] || { echo "error: run as root (sudo $0), or use --root DIR" >&2; exit 2; }
  if ! getent group "$APP" >/dev/null; then groupadd --system "$APP"; note created "group $APP"; changed=$((changed + 1)); fi
  if ! id -u "$APP" >/dev/null 2>&1; then
    useradd --system --gid "$APP" --home-dir /nonexistent --no-create-home --shell /usr/sbin/nologin "$APP"
    note created "user $APP"; changed=$((changed + 1))
  fi
fi

echo "installing $APP under ${ROOT:-/}"
# --- the app: root-owned and read-only for the service ---
OPT=$ROOT/opt/$APP
dir "$ROOT/opt" 0755
dir "$OPT" 0755
while IFS= read -r -d '' d; do dir "$OPT/${d#"$HERE"/}" 0755; done \
  < <(find "$HERE/quarkus-app" -type d -print0 | sort -z)
while IFS= read -r -d '' f; do put "$f" "$OPT/${f#"$HERE"/}" 0644; done \
  < <(find "$HERE/quarkus-app" -type f -print0 | sort -z)
# files of an older version that this bundle no longer has
while IFS= read -r -d '' f; do
  [[ -e "$HERE/${f#"$OPT"/}" ]] || { rm -f "$f"; note removed "${f#"$ROOT"}"; changed=$((changed + 1)); }
done < <(find "$OPT/quarkus-app" -type f -print0)
while IFS= read -r -d '' d; do
  [[ -d "$HERE/${d#"$OPT"/}" ]] || { rmdir "$d"; note removed "${d#"$ROOT"}/"; changed=$((changed + 1)); }
done < <(find "$OPT/quarkus-app" -mindepth 1 -depth -type d -print0)
put "$HERE/app.env.template" "$OPT/app.env.template" 0644
put "$HERE/install.sh" "$OPT/install.sh" 0755
put "$HERE/train-aot.sh" "$OPT/train-aot.sh" 0755

# --- the unit ---
UNIT_DIR=$ROOT/etc/systemd/system
dir "$ROOT/etc" 0755; dir "$ROOT/etc/systemd" 0755; dir "$UNIT_DIR" 0755
put "$HERE/$APP.service" "$UNIT_DIR/$APP.service" 0644
# JDK 17 to 24 lack -XX:AOTCache: a drop-in runs the same command without the AOT flags.
DROPIN=$UNIT_DIR/$APP.service.d/10-jdk-before-25.conf
if [[ -z "$ROOT" ]] && (( java_major < 25 )); then
  tmp=$(mktemp)
  { echo "# Written by install.sh: $java_bin is Java $java_version, older than 25."
    echo "[Service]"; echo "ExecStart="
    sed -e ':a' -e '/\\$/N; s/\\\n//; ta' "$HERE/$APP.service" | grep '^ExecStart=' \
      | sed -e 's/ -XX:AOTCache=[^ ]*//; s/ -Xlog:aot=off//; s/  */ /g'
  } > "$tmp"
  dir "$UNIT_DIR/$APP.service.d" 0755
  put "$tmp" "$DROPIN" 0644; rm -f "$tmp"
elif [[ -f "$DROPIN" ]]; then
  rm -f "$DROPIN"; note removed "${DROPIN#"$ROOT"}"; changed=$((changed + 1))
fi

# --- the env file: from the template, only if absent; readable by the service only ---
ETC=$ROOT/etc/$APP
dir "$ETC" 0750
if [[ ! -e "$ETC/app.env" ]]; then
  install -m 0640 "$HERE/app.env.template" "$ETC/app.env"
  note created "${ETC#"$ROOT"}/app.env (from the template: fill it in, e.g. from user data)"; changed=$((changed + 1))
fi
if [[ -z "$ROOT" ]]; then
  # the service reads its env file through the group; root keeps ownership
  for p in "$ETC" "$ETC/app.env"; do
    if [[ $(stat -c %U:%G "$p") != "root:$APP" ]]; then chown "root:$APP" "$p"; note chown "$p"; changed=$((changed + 1)); fi
  done
  systemctl daemon-reload
  if ! systemctl is-enabled --quiet "$APP.service" 2>/dev/null; then
    systemctl enable "$APP.service"; changed=$((changed + 1))
  fi
  echo "  enabled, not started. Image bake: run $OPT/train-aot.sh (JDK 25+) to put the AOT cache"
  echo "  (/var/cache/$APP/app.aot) into the image."
else
  echo "  (--root: no user, no chown root:$APP, no systemctl)"
fi
echo "done: $changed change(s)"
