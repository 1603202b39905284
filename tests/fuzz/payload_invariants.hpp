#pragma once

// The contract of lib/barcode/payload.hpp, checked on every decoder result by the barcode fuzz
// targets (fuzz_<decoder>.cpp): an Error has a message and an offset inside the input; a Payload
// has the decoder's kind, a profile, named items whose text is valid UTF-8 (the report embeds it
// in JSON), `hex` items in upper-case hex and `json` items that parse as JSON.

#include "fuzz_assert.hpp"

#include "barcode/payload.hpp"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace mrtd::fuzz {

// Well-formed UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF), the
// rule nlohmann's dump() enforces.
inline bool is_utf8(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    const auto b = static_cast<unsigned char>(text[i]);
    if (b < 0x80) {
      ++i;
      continue;
    }
    std::size_t n = 0;
    unsigned char low = 0x80; // bounds of the second byte
    unsigned char high = 0xBF;
    if (b >= 0xC2 && b <= 0xDF) {
      n = 1;
    } else if (b >= 0xE0 && b <= 0xEF) {
      n = 2;
      low = b == 0xE0 ? 0xA0 : 0x80;
      high = b == 0xED ? 0x9F : 0xBF;
    } else if (b >= 0xF0 && b <= 0xF4) {
      n = 3;
      low = b == 0xF0 ? 0x90 : 0x80;
      high = b == 0xF4 ? 0x8F : 0xBF;
    } else {
      return false;
    }
    if (text.size() - i <= n) {
      return false;
    }
    const auto second = static_cast<unsigned char>(text[i + 1]);
    if (second < low || second > high) {
      return false;
    }
    for (std::size_t k = 2; k <= n; ++k) {
      if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) {
        return false;
      }
    }
    i += n + 1;
  }
  return true;
}

inline bool is_upper_hex(std::string_view text) {
  return text.size() % 2 == 0 &&
         text.find_first_not_of("0123456789ABCDEF") == std::string_view::npos;
}

inline void check_items(const std::vector<barcode::Field>& items) {
  for (const auto& item : items) {
    MRTD_FUZZ_ASSERT(!item.name.empty());
    MRTD_FUZZ_ASSERT(is_utf8(item.name));
    switch (item.kind) {
    case barcode::Field::Kind::text:
      MRTD_FUZZ_ASSERT(is_utf8(item.value));
      break;
    case barcode::Field::Kind::hex:
      MRTD_FUZZ_ASSERT(is_upper_hex(item.value));
      break;
    case barcode::Field::Kind::json:
      MRTD_FUZZ_ASSERT(nlohmann::json::accept(item.value));
      break;
    }
  }
}

/// Checks one decoder result for `input`; `kind` is the kind the decoder must report.
inline void check_result(const Result<barcode::Payload>& result, barcode::ByteView input,
                         barcode::PayloadKind kind) {
  if (!result) {
    const Error& error = result.error();
    MRTD_FUZZ_ASSERT(!error.message.empty());
    MRTD_FUZZ_ASSERT(is_utf8(error.message));
    MRTD_FUZZ_ASSERT(error.offset >= -1);
    MRTD_FUZZ_ASSERT(error.offset <= static_cast<std::ptrdiff_t>(input.size()));
    return;
  }
  const barcode::Payload& payload = *result;
  MRTD_FUZZ_ASSERT(payload.kind == kind);
  MRTD_FUZZ_ASSERT(!payload.profile.empty());
  MRTD_FUZZ_ASSERT(is_utf8(payload.profile));
  MRTD_FUZZ_ASSERT(is_utf8(payload.issuing_state));
  check_items(payload.header);
  check_items(payload.fields);
  if (payload.mrz) {
    MRTD_FUZZ_ASSERT(is_utf8(*payload.mrz));
  }
  for (const auto& sentence : payload.quirks) {
    MRTD_FUZZ_ASSERT(!sentence.empty() && is_utf8(sentence));
  }
  for (const auto& sentence : payload.problems) {
    MRTD_FUZZ_ASSERT(!sentence.empty() && is_utf8(sentence));
  }
  if (payload.signature) {
    MRTD_FUZZ_ASSERT(is_utf8(payload.signature->signer_id));
    MRTD_FUZZ_ASSERT(is_utf8(payload.signature->reference));
  }
}

inline barcode::ByteView view(const std::uint8_t* data, std::size_t size) {
  return size == 0 ? barcode::ByteView() : barcode::ByteView(data, size);
}

} // namespace mrtd::fuzz
