# syntax=docker/dockerfile:1
#
# CareCap's command-line binary in a container, for clusters (examples/kubernetes, or Apptainer on
# Slurm: `apptainer build carecap.sif docker-daemon://carecap:0.1.0`).
#
#   docker build -t carecap:0.1.0 .
#   docker run --rm -v "$PWD:/work" --user "$(id -u):$(id -g)" carecap:0.1.0 run Scenarios/dehong-2022-2035.yaml
#
# WRITTEN, NOT BUILT: the environment this was written in has a docker client but no daemon, so no
# stage below has been run. What was checked there: the packages and library names against Debian 12
# (bookworm), which names them as Ubuntu 24.04 does (libgsl27, libglpk40, libsqlite3-0); the binary's
# needed libraries (readelf/ldd of a release build: libgsl.so.27, libgslcblas.so.0, libglpk.so.40,
# libsqlite3.so.0, libdeflate.so.0 (added later, unchecked in an image), libhighs.so by
# rpath, libstdc++, libz); the swift:6.3.x-noble tags (used in public
# projects). The `carecap --version` at the end of the runtime stage fails the build if a library is
# missing.
#
# Why not scripts/setup.sh: it has no switch to skip chromium (it installs it whenever it runs as root
# with apt-get, for a report test), it adds sqlite3 and gdal-bin (test tools), and its
# `pip install highsbox` goes into the system Python, which Ubuntu 24.04 refuses (PEP 668,
# externally managed), so HiGHS would be silently left out. The HiGHS steps below are its
# install_highs_from_pypi, with pip's --target instead.

# The Swift toolchain image (the project builds with 6.3.1); override with --build-arg SWIFT_IMAGE=...
ARG SWIFT_IMAGE=swift:6.3.1-noble
ARG RUNTIME_IMAGE=ubuntu:24.04

FROM ${SWIFT_IMAGE} AS build
# The C libraries CareCap links (Package.swift: CGSL by pkg-config, CGLPK by header, GRDB's SQLite) and
# pip for the HiGHS wheel.
RUN export DEBIAN_FRONTEND=noninteractive \
 && apt-get update -q \
 && apt-get install -y -q --no-install-recommends libgsl-dev libglpk-dev libsqlite3-dev libdeflate-dev zlib1g-dev pkg-config python3-pip \
 && rm -rf /var/lib/apt/lists/*

# HiGHS (optional in Package.swift: without highs.pc `carecap optimize` uses GLPK alone). PyPI's highsbox
# wheel ships libhighs and its headers, but its own highs.pc names the folder the wheel was built in, so a
# correct one is written, as scripts/setup.sh does. The wheel's files are copied to /opt/highs, a path
# that exists in both stages: Package.swift puts the highs.pc libdir into the binary's rpath, and the
# runtime stage copies the library to the same place, so no LD_LIBRARY_PATH is needed.
# --target installs outside the system Python (no PEP 668 refusal) and is removed afterwards.
RUN python3 -m pip install --no-cache-dir --disable-pip-version-check --target /tmp/highsbox highsbox \
 && dist="$(PYTHONPATH=/tmp/highsbox python3 -c 'import highsbox; print(highsbox.highs_dist_dir())')" \
 && version="$(PYTHONPATH=/tmp/highsbox python3 -c 'import importlib.metadata as m; print(m.version("highsbox"))')" \
 && test -f "$dist/lib/libhighs.so" \
 && mkdir -p /opt/highs /usr/local/lib/pkgconfig \
 && cp -a "$dist/lib" "$dist/include" /opt/highs/ \
 && rm -rf /tmp/highsbox \
 && printf '%s\n' \
      'prefix=/opt/highs' \
      'libdir=${prefix}/lib' \
      'includedir=${prefix}/include/highs' \
      '' \
      'Name: HiGHS' \
      'Description: HiGHS linear and mixed-integer optimiser (from the highsbox wheel; written by the Dockerfile)' \
      "Version: ${version}" \
      'Libs: -L${libdir} -lhighs' \
      'Cflags: -I${includedir}' \
      > /usr/local/lib/pkgconfig/highs.pc \
 && pkg-config --exists highs

WORKDIR /src
# Dependencies first, in their own layer, so a source change does not fetch them again (Package.resolved
# is not committed; the glob takes it when a checkout has one). `swift package resolve` needs only the
# manifest.
COPY ./Package.* ./
RUN swift package resolve
COPY . .
# --static-swift-stdlib: the Swift runtime and Foundation are linked in, so the runtime image needs no
# Swift toolchain, only the C libraries. The Planning module's rule catalogue is a resource bundle
# (CareCap_Planning.resources) looked up beside the executable: it is copied with it.
RUN swift build -c release --product carecap --static-swift-stdlib \
 && mkdir -p /out \
 && cp .build/release/carecap /out/ \
 && cp -R .build/release/*.resources /out/ \
 && readelf -d /out/carecap | grep -E 'NEEDED|RPATH|RUNPATH'

FROM ${RUNTIME_IMAGE}
# Runtime libraries only: GSL (libgsl27 pulls libgslcblas0), GLPK (libglpk40 pulls its AMD/COLAMD/GMP/
# ltdl), SQLite, libdeflate (the workbook's zip writer); libstdc++ and zlib for libhighs; tzdata and ca-certificates for Foundation's time zones
# and any HTTPS it does.
RUN export DEBIAN_FRONTEND=noninteractive \
 && apt-get update -q \
 && apt-get install -y -q --no-install-recommends libgsl27 libglpk40 libsqlite3-0 libdeflate0 libstdc++6 zlib1g tzdata ca-certificates \
 && rm -rf /var/lib/apt/lists/*
# Where the binary's rpath points (see the HiGHS step above).
COPY --from=build /opt/highs/lib /opt/highs/lib
COPY --from=build /out/ /usr/local/bin/
# Fails the build now, not on the cluster, if the loader cannot resolve a library.
RUN carecap --version
# An unprivileged user (the base image's `ubuntu`, uid 1000) and a folder it may write: scenarios are
# mounted at /work and Results/ written there. Kubernetes examples set the same uid.
RUN mkdir -p /work && chown 1000:1000 /work
USER 1000:1000
WORKDIR /work
ENTRYPOINT ["carecap"]
CMD ["--help"]
