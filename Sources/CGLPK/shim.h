#ifndef CARECAP_CGLPK_SHIM_H
#define CARECAP_CGLPK_SHIM_H
#include <glpk.h>
#endif
