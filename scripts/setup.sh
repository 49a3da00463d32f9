#!/usr/bin/env bash
# Installs the C libraries CareCap links (GSL, GLPK) only when they are missing.
set -euo pipefail

have_gsl() { pkg-config --exists gsl 2>/dev/null; }
have_glpk() {
    for dir in /usr/include /usr/local/include /opt/homebrew/include; do
        [ -f "$dir/glpk.h" ] && return 0
    done
    return 1
}
have_pkgconfig() { command -v pkg-config >/dev/null 2>&1; }

if have_pkgconfig && have_gsl && have_glpk; then
    exit 0
fi

echo "setup: installing GSL and GLPK development files (libgsl-dev, libglpk-dev)" >&2
if command -v apt-get >/dev/null 2>&1; then
    sudo_cmd=""
    if [ "$(id -u)" -ne 0 ]; then
        if command -v sudo >/dev/null 2>&1; then sudo_cmd="sudo"; else
            echo "setup: need root to run apt-get; run: sudo apt-get install libgsl-dev libglpk-dev pkg-config" >&2
            exit 1
        fi
    fi
    export DEBIAN_FRONTEND=noninteractive
    $sudo_cmd apt-get update -qq
    $sudo_cmd apt-get install -y -qq libgsl-dev libglpk-dev pkg-config >/dev/null
elif command -v brew >/dev/null 2>&1; then
    brew install gsl glpk pkg-config
else
    echo "setup: no apt-get or brew here. Install GSL (>= 2.6, with pkg-config file) and GLPK by hand," >&2
    echo "       then run make again." >&2
    exit 1
fi

if ! have_gsl || ! have_glpk; then
    echo "setup: GSL or GLPK still missing after install; check the package manager's output" >&2
    exit 1
fi
