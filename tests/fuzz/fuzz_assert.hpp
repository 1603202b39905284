#pragma once

// An invariant of a fuzz target: traps (so libFuzzer records the input) when it does not hold.
// Stays on in every build, unlike assert().
#define MRTD_FUZZ_ASSERT(condition)                                                                \
  do {                                                                                             \
    if (!(condition)) {                                                                            \
      __builtin_trap();                                                                            \
    }                                                                                              \
  } while (false)
