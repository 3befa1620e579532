// Matrix–vector products on ggml's 32-value quantised blocks (Q4_0, Q4_1, Q8_0) with a Float32
// vector, for one decode token. The AVX2 path is compiled with a target attribute and chosen at
// run time; the scalar path is the reference and the fallback.
#include "quant_kernels.h"

#include <string.h>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define DEFT_QK_X86 1
#endif

// IEEE half to float (normal, subnormal, infinity, NaN).
static float half_to_float(uint16_t h) {
  uint32_t sign = (uint32_t)(h & 0x8000) << 16;
  uint32_t exponent = (h >> 10) & 0x1F;
  uint32_t mantissa = h & 0x3FF;
  uint32_t bits;
  if (exponent == 0) {
    if (mantissa == 0) {
      bits = sign;
    } else {
      int e = -1;
      do {
        e++;
        mantissa <<= 1;
      } while ((mantissa & 0x400) == 0);
      bits = sign | ((uint32_t)(127 - 15 - e) << 23) | ((mantissa & 0x3FF) << 13);
    }
  } else if (exponent == 31) {
    bits = sign | 0x7F800000u | (mantissa << 13);
  } else {
    bits = sign | ((exponent + 127 - 15) << 23) | (mantissa << 13);
  }
  float f;
  memcpy(&f, &bits, sizeof f);
  return f;
}

static uint16_t load_u16(const uint8_t *p) { return (uint16_t)(p[0] | (p[1] << 8)); }

static float scalar_row(int type, const uint8_t *row, int blocks, const float *x) {
  float total = 0;
  for (int b = 0; b < blocks; b++) {
    const float *xb = x + 32 * b;
    if (type == DEFT_QK_Q8_0) {
      const uint8_t *block = row + 34 * b;
      float d = half_to_float(load_u16(block));
      const int8_t *q = (const int8_t *)(block + 2);
      float s = 0;
      for (int j = 0; j < 32; j++) s += (float)q[j] * xb[j];
      total += d * s;
    } else {
      int q41 = type == DEFT_QK_Q4_1;
      const uint8_t *block = row + (q41 ? 20 : 18) * b;
      float d = half_to_float(load_u16(block));
      float m = q41 ? half_to_float(load_u16(block + 2)) : 0;
      const uint8_t *qs = block + (q41 ? 4 : 2);
      float s = 0, sx = 0;
      for (int j = 0; j < 16; j++) {
        s += (float)(qs[j] & 0x0F) * xb[j] + (float)(qs[j] >> 4) * xb[j + 16];
        sx += xb[j] + xb[j + 16];
      }
      total += q41 ? d * s + m * sx : d * (s - 8 * sx);
    }
  }
  return total;
}

#ifdef DEFT_QK_X86
#define DEFT_AVX2 __attribute__((target("avx2,fma,f16c")))
// Helpers that take or return __m256 must always be inlined: called as functions (at -O0, the
// debug build) the vector crosses a call between functions compiled for AVX2 and is passed in a
// stack slot that is not 32-byte aligned, and the callee's aligned load faults (found by the
// debug test pass, QuantKernelPathTests).
#define DEFT_AVX2_INLINE __attribute__((target("avx2,fma,f16c"), always_inline))

DEFT_AVX2_INLINE static inline float hsum256(__m256 v) {
  __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
  s = _mm_add_ps(s, _mm_movehl_ps(s, s));
  s = _mm_add_ss(s, _mm_movehdup_ps(s));
  return _mm_cvtss_f32(s);
}

DEFT_AVX2_INLINE static inline float f16(const uint8_t *p) {
  return _cvtsh_ss(load_u16(p));
}

// Σ_j q_j·x_j for the 32 nibbles of one block (low nibbles: values 0..15, high: 16..31).
DEFT_AVX2_INLINE static inline __m256 nibble_dot(const uint8_t *qs, const float *x) {
  const __m128i mask = _mm_set1_epi8(0x0F);
  __m128i raw = _mm_loadu_si128((const __m128i *)qs);
  __m128i lo = _mm_and_si128(raw, mask);
  __m128i hi = _mm_and_si128(_mm_srli_epi16(raw, 4), mask);
  __m256 f0 = _mm256_cvtepi32_ps(_mm256_cvtepu8_epi32(lo));
  __m256 f1 = _mm256_cvtepi32_ps(_mm256_cvtepu8_epi32(_mm_srli_si128(lo, 8)));
  __m256 f2 = _mm256_cvtepi32_ps(_mm256_cvtepu8_epi32(hi));
  __m256 f3 = _mm256_cvtepi32_ps(_mm256_cvtepu8_epi32(_mm_srli_si128(hi, 8)));
  __m256 a = _mm256_mul_ps(f0, _mm256_loadu_ps(x));
  __m256 b = _mm256_mul_ps(f1, _mm256_loadu_ps(x + 8));
  a = _mm256_fmadd_ps(f2, _mm256_loadu_ps(x + 16), a);
  b = _mm256_fmadd_ps(f3, _mm256_loadu_ps(x + 24), b);
  return _mm256_add_ps(a, b);
}

DEFT_AVX2 static float avx2_row(int type, const uint8_t *row, int blocks, const float *x,
                                const float *sums) {
  __m256 acc0 = _mm256_setzero_ps();
  __m256 acc1 = _mm256_setzero_ps();
  float minimum = 0;
  if (type == DEFT_QK_Q4_1) {
    for (int b = 0; b < blocks; b++) {
      const uint8_t *block = row + 20 * b;
      acc0 = _mm256_fmadd_ps(_mm256_set1_ps(f16(block)), nibble_dot(block + 4, x + 32 * b), acc0);
      minimum += f16(block + 2) * sums[b];
    }
  } else if (type == DEFT_QK_Q4_0) {
    for (int b = 0; b < blocks; b++) {
      const uint8_t *block = row + 18 * b;
      float d = f16(block);
      acc0 = _mm256_fmadd_ps(_mm256_set1_ps(d), nibble_dot(block + 2, x + 32 * b), acc0);
      minimum -= 8 * d * sums[b];
    }
  } else {
    for (int b = 0; b < blocks; b++) {
      const uint8_t *block = row + 34 * b;
      const float *xb = x + 32 * b;
      __m128i q0 = _mm_loadu_si128((const __m128i *)(block + 2));
      __m128i q1 = _mm_loadu_si128((const __m128i *)(block + 18));
      __m256 f0 = _mm256_cvtepi32_ps(_mm256_cvtepi8_epi32(q0));
      __m256 f1 = _mm256_cvtepi32_ps(_mm256_cvtepi8_epi32(_mm_srli_si128(q0, 8)));
      __m256 f2 = _mm256_cvtepi32_ps(_mm256_cvtepi8_epi32(q1));
      __m256 f3 = _mm256_cvtepi32_ps(_mm256_cvtepi8_epi32(_mm_srli_si128(q1, 8)));
      __m256 a = _mm256_mul_ps(f0, _mm256_loadu_ps(xb));
      __m256 c = _mm256_mul_ps(f1, _mm256_loadu_ps(xb + 8));
      a = _mm256_fmadd_ps(f2, _mm256_loadu_ps(xb + 16), a);
      c = _mm256_fmadd_ps(f3, _mm256_loadu_ps(xb + 24), c);
      __m256 d = _mm256_set1_ps(f16(block));
      if (b & 1) {
        acc1 = _mm256_fmadd_ps(d, _mm256_add_ps(a, c), acc1);
      } else {
        acc0 = _mm256_fmadd_ps(d, _mm256_add_ps(a, c), acc0);
      }
    }
  }
  return hsum256(_mm256_add_ps(acc0, acc1)) + minimum;
}

DEFT_AVX2 static void avx2_matvec(int type, const uint8_t *w, size_t row_bytes, int rows,
                                  int blocks, const float *x, float *y, int accumulate) {
  float sums[blocks > 0 ? blocks : 1];
  for (int b = 0; b < blocks; b++) {
    __m256 s = _mm256_add_ps(
        _mm256_add_ps(_mm256_loadu_ps(x + 32 * b), _mm256_loadu_ps(x + 32 * b + 8)),
        _mm256_add_ps(_mm256_loadu_ps(x + 32 * b + 16), _mm256_loadu_ps(x + 32 * b + 24)));
    sums[b] = hsum256(s);
  }
  for (int r = 0; r < rows; r++) {
    const uint8_t *row = w + (size_t)r * row_bytes;
    if (r + 1 < rows) _mm_prefetch((const char *)(row + row_bytes), _MM_HINT_T0);
    float dot = avx2_row(type, row, blocks, x, sums);
    y[r] = accumulate ? y[r] + dot : dot;
  }
}
#endif

int deft_qk_has_avx2(void) {
#ifdef DEFT_QK_X86
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") &&
         __builtin_cpu_supports("f16c");
#else
  return 0;
#endif
}

void deft_qk_matvec(int type, const uint8_t *w, size_t row_bytes, int rows, int blocks_per_row,
                    const float *x, float *y, int accumulate, int force_scalar) {
#ifdef DEFT_QK_X86
  if (!force_scalar && deft_qk_has_avx2()) {
    avx2_matvec(type, w, row_bytes, rows, blocks_per_row, x, y, accumulate);
    return;
  }
#endif
  (void)force_scalar;
  for (int r = 0; r < rows; r++) {
    float dot = scalar_row(type, w + (size_t)r * row_bytes, blocks_per_row, x);
    y[r] = accumulate ? y[r] + dot : dot;
  }
}
