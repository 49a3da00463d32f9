#ifndef CARECAP_CDEFLATE_H
#define CARECAP_CDEFLATE_H

// libdeflate (libdeflate-dev; MIT): whole-buffer raw deflate and the zip's CRC-32, for the workbook's zip
// writer (Reporting/ZipArchiveWriter.swift). Why not zlib, as before: at its fastest level zlib took 0.13 s
// for a national workbook's largest sheet and libdeflate's level 1 takes 0.08 s, 7% smaller.
#include <libdeflate.h>

#endif
