#ifndef CARECAP_CGSL_SHIM_H
#define CARECAP_CGSL_SHIM_H

#include <gsl/gsl_errno.h>
#include <gsl/gsl_math.h>
#include <gsl/gsl_vector.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_blas.h>
#include <gsl/gsl_interp.h>
#include <gsl/gsl_spline.h>
#include <gsl/gsl_multifit_nlinear.h>
#include <gsl/gsl_multifit.h>
#include <gsl/gsl_roots.h>
#include <gsl/gsl_min.h>
#include <gsl/gsl_statistics_double.h>
#include <gsl/gsl_sort_double.h>
#include <gsl/gsl_cdf.h>

/* Swift 6 treats GSL's exported algorithm-type globals as shared mutable state;
   these accessors hand them out as plain values instead. */
static inline const gsl_interp_type *carecap_interp_steffen(void) { return gsl_interp_steffen; }
static inline const gsl_interp_type *carecap_interp_linear(void) { return gsl_interp_linear; }
static inline const gsl_interp_type *carecap_interp_cspline(void) { return gsl_interp_cspline; }
static inline const gsl_multifit_nlinear_type *carecap_multifit_nlinear_trust(void) { return gsl_multifit_nlinear_trust; }
static inline const gsl_root_fsolver_type *carecap_root_fsolver_brent(void) { return gsl_root_fsolver_brent; }
static inline const gsl_min_fminimizer_type *carecap_min_fminimizer_brent(void) { return gsl_min_fminimizer_brent; }

#endif
