#ifndef CARECAP_CDEFLATE_H
#define CARECAP_CDEFLATE_H

// zlib (zlib1g-dev, which ZIPFoundation needs too): raw deflate at a level we choose and crc32, for the
// workbook's zip writer (Reporting/ZipArchiveWriter.swift). deflateInit2 is a macro in zlib.h, which Swift
// cannot call: this wraps it.
#include <zlib.h>

static inline int carecap_deflate_init_raw(z_stream *stream, int level) {
    return deflateInit2(stream, level, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY);
}

#endif
