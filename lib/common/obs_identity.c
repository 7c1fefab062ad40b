/* The per-thread record of the observation a reader is delivering (obs_identity.h). */
#include "obs_identity.h"

LK__TLS lk__delivery lk__delivering;
