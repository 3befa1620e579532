#ifndef DEFT_QUANT_KERNELS_H
#define DEFT_QUANT_KERNELS_H

#include <stddef.h>
#include <stdint.h>

/// Block types of `deft_qk_matvec` (ggml's 32-value blocks).
enum {
  DEFT_QK_Q4_0 = 0,  ///< f16 d, 16 bytes of nibbles: d·(q − 8)
  DEFT_QK_Q4_1 = 1,  ///< f16 d, f16 m, 16 bytes of nibbles: d·q + m
  DEFT_QK_Q8_0 = 2,  ///< f16 d, 32 int8: d·q
};

/// 1 when the AVX2 + FMA + F16C kernels run on this CPU, else 0 (the scalar ones run).
int deft_qk_has_avx2(void);

/// `y[r] (+)= Σ_c W[r, c]·x[c]` for `rows` rows of `blocks_per_row` blocks of `type`, row `r` at
/// `w + r·row_bytes`. The weights are widened to Float32 in registers (never written to memory)
/// and multiplied with the Float32 `x`; per block `d·Σ q·x + m·Σ x`.
/// `force_scalar` selects the portable kernel even where AVX2 is available (for tests).
void deft_qk_matvec(int type, const uint8_t *w, size_t row_bytes, int rows, int blocks_per_row,
                    const float *x, float *y, int accumulate, int force_scalar);

#endif
