#ifndef CARECAP_CHIGHS_SHIM_H
#define CARECAP_CHIGHS_SHIM_H
// HiGHS's C API; the include folder comes from highs.pc (scripts/setup.sh writes one for the highsbox wheel).
#include <interfaces/highs_c_api.h>
#endif
