#!/usr/bin/env bash
# Installs what CareCap needs only when it is missing: the C libraries it links (GSL, GLPK, SQLite for
# GRDB, libdeflate for the workbook's zip writer, zlib for ZIPFoundation), the HiGHS optimiser for `carecap optimize` (from PyPI's
# highsbox wheel, or brew), and the tools its tests use to open the result store (sqlite3; ogrinfo from
# GDAL).
set -euo pipefail

have_gsl() { pkg-config --exists gsl 2>/dev/null; }
have_glpk() {
    for dir in /usr/include /usr/local/include /opt/homebrew/include; do
        [ -f "$dir/glpk.h" ] && return 0
    done
    return 1
}
have_pkgconfig() { command -v pkg-config >/dev/null 2>&1; }
have_sqlite() { pkg-config --exists sqlite3 2>/dev/null; }
have_zlib() { pkg-config --exists zlib 2>/dev/null; }
have_libdeflate() { pkg-config --exists libdeflate 2>/dev/null; }
have_tools() { command -v sqlite3 >/dev/null 2>&1 && command -v ogrinfo >/dev/null 2>&1; }
# HiGHS counts as present when pkg-config finds a highs.pc whose library is really there: Package.swift
# reads the same file to link it (with an rpath to its folder), and builds with GLPK alone without it.
have_highs() {
    pkg-config --exists highs 2>/dev/null || return 1
    local libdir
    libdir="$(pkg-config --variable=libdir highs)"
    [ -f "$libdir/libhighs.so" ] || [ -f "$libdir/libhighs.dylib" ]
}

# The highsbox wheel ships libhighs, its headers and the `highs` binary, but its own highs.pc names the
# folder it was built in (/project/HiGHS/...), so pkg-config would point at nothing: write a correct one.
install_highs_from_pypi() {
    local python=""
    for candidate in python3 python; do
        if command -v "$candidate" >/dev/null 2>&1; then python="$candidate"; break; fi
    done
    [ -n "$python" ] || { echo "setup: no python3 for pip; HiGHS not installed, carecap optimize uses GLPK" >&2; return 0; }
    if ! "$python" -c 'import highsbox' 2>/dev/null; then
        "$python" -m pip install --quiet --disable-pip-version-check highsbox >/dev/null 2>&1 || \
            { echo "setup: pip install highsbox failed; carecap optimize uses GLPK" >&2; return 0; }
    fi
    local dist
    dist="$("$python" -c 'import highsbox; print(highsbox.highs_dist_dir())')"
    [ -f "$dist/lib/libhighs.so" ] || { echo "setup: highsbox has no lib/libhighs.so in $dist; carecap optimize uses GLPK" >&2; return 0; }
    local version
    version="$("$python" -c 'import importlib.metadata as m; print(m.version("highsbox"))' 2>/dev/null || echo 1)"
    local pcdir=/usr/local/lib/pkgconfig
    mkdir -p "$pcdir"
    cat > "$pcdir/highs.pc" <<PC
prefix=$dist
libdir=\${prefix}/lib
includedir=\${prefix}/include/highs

Name: HiGHS
Description: HiGHS linear and mixed-integer optimiser (from the highsbox wheel; written by CareCap's setup.sh)
Version: $version
Libs: -L\${libdir} -lhighs
Cflags: -I\${includedir}
PC
    echo "setup: HiGHS $version from highsbox; wrote $pcdir/highs.pc" >&2
}

install_highs() {
    if command -v brew >/dev/null 2>&1; then
        brew install highs || echo "setup: brew install highs failed; carecap optimize uses GLPK" >&2
    elif [ "$(id -u)" -eq 0 ] || [ -w /usr/local/lib ]; then
        install_highs_from_pypi
    else
        echo "setup: need root to write /usr/local/lib/pkgconfig/highs.pc; HiGHS not installed, carecap optimize uses GLPK" >&2
    fi
}

# The county picker test (Tests/ReportingTests/CountyPickerTests.swift) opens report.html in headless
# Chromium. Installed once, quietly; if it cannot be installed the test says it is skipped and why.
have_chromium() { command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1; }
if ! have_chromium && command -v apt-get >/dev/null 2>&1; then
    chromium_sudo=""
    if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1; then chromium_sudo="sudo"; fi
    if [ "$(id -u)" -eq 0 ] || [ -n "$chromium_sudo" ]; then
        echo "setup: installing chromium (for the report's county picker test)" >&2
        { DEBIAN_FRONTEND=noninteractive $chromium_sudo apt-get update -qq && \
          DEBIAN_FRONTEND=noninteractive $chromium_sudo apt-get install -y -qq --no-install-recommends chromium >/dev/null; } || \
            echo "setup: chromium not installed; the county picker test is skipped" >&2
    fi
fi
have_chromium || echo "setup: no chromium on PATH; the county picker test is skipped" >&2

if have_pkgconfig && have_gsl && have_glpk && have_sqlite && have_zlib && have_libdeflate && have_tools; then
    have_highs || install_highs
    exit 0
fi

echo "setup: installing GSL, GLPK, SQLite, zlib and libdeflate development files, sqlite3 and GDAL's ogrinfo" >&2
if command -v apt-get >/dev/null 2>&1; then
    sudo_cmd=""
    if [ "$(id -u)" -ne 0 ]; then
        if command -v sudo >/dev/null 2>&1; then sudo_cmd="sudo"; else
            echo "setup: need root to run apt-get; run: sudo apt-get install libgsl-dev libglpk-dev libsqlite3-dev libdeflate-dev zlib1g-dev sqlite3 gdal-bin pkg-config" >&2
            exit 1
        fi
    fi
    export DEBIAN_FRONTEND=noninteractive
    $sudo_cmd apt-get update -qq
    $sudo_cmd apt-get install -y -qq libgsl-dev libglpk-dev libsqlite3-dev libdeflate-dev zlib1g-dev pkg-config >/dev/null
    # The store tests open results.gpkg with these when present; a missing one is not fatal.
    $sudo_cmd apt-get install -y -qq --no-install-recommends sqlite3 gdal-bin >/dev/null || \
        echo "setup: sqlite3 or gdal-bin not installed; the tests that use them are skipped" >&2
elif command -v brew >/dev/null 2>&1; then
    brew install gsl glpk sqlite libdeflate zlib pkg-config gdal
else
    echo "setup: no apt-get or brew here. Install GSL (>= 2.6, with pkg-config file) and GLPK by hand," >&2
    echo "       then run make again." >&2
    exit 1
fi

if ! have_gsl || ! have_glpk || ! have_sqlite || ! have_zlib || ! have_libdeflate; then
    echo "setup: GSL, GLPK, SQLite, zlib or libdeflate still missing after install; check the package manager's output" >&2
    exit 1
fi

have_highs || install_highs
