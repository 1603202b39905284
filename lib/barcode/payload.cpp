#include "barcode/payload.hpp"

#include "barcode/aamva.hpp"
#include "barcode/bcbp.hpp"
#include "barcode/dcc.hpp"
#include "barcode/idb.hpp"
#include "barcode/vds.hpp"
#include "barcode/vdsnc.hpp"

#include <algorithm>

namespace mrtd::barcode {

const char* to_string(PayloadKind kind) noexcept {
  switch (kind) {
  case PayloadKind::vds:
    return "icao_vds";
  case PayloadKind::vds_nc:
    return "icao_vds_nc";
  case PayloadKind::idb:
    return "icao_idb";
  case PayloadKind::dcc:
    return "eu_dcc";
  case PayloadKind::bcbp:
    return "iata_bcbp";
  case PayloadKind::aamva:
    return "aamva";
  case PayloadKind::two_d_doc:
    return "fr_2d_doc";
  case PayloadKind::text:
    return "text";
  case PayloadKind::binary:
    return "binary";
  }
  return "binary";
}

namespace {

bool starts_with(ByteView bytes, std::string_view prefix) noexcept {
  return bytes.size() >= prefix.size() &&
         std::equal(prefix.begin(), prefix.end(), bytes.begin(),
                    [](char c, std::uint8_t b) { return static_cast<std::uint8_t>(c) == b; });
}

bool is_digit(std::uint8_t b) noexcept {
  return b >= '0' && b <= '9';
}

// Printable UTF-8 (or ASCII) text: no control characters but TAB, LF, CR, GS, RS, FS.
bool is_text(ByteView bytes) noexcept {
  std::size_t i = 0;
  while (i < bytes.size()) {
    const std::uint8_t b = bytes[i];
    if (b < 0x20) {
      if (b != '\t' && b != '\n' && b != '\r' && b != 0x1C && b != 0x1D && b != 0x1E) {
        return false;
      }
      ++i;
    } else if (b < 0x7F) {
      ++i;
    } else if (b == 0x7F) {
      return false;
    } else {
      std::size_t n = (b & 0xE0) == 0xC0 ? 1 : (b & 0xF0) == 0xE0 ? 2 : (b & 0xF8) == 0xF0 ? 3 : 0;
      if (n == 0 || bytes.size() - i <= n) {
        return false;
      }
      for (std::size_t k = 1; k <= n; ++k) {
        if ((bytes[i + k] & 0xC0) != 0x80) {
          return false;
        }
      }
      i += n + 1;
    }
  }
  return true;
}

} // namespace

PayloadKind classify(ByteView p) noexcept {
  if (p.empty()) {
    return PayloadKind::binary;
  }
  if (p[0] == 0xDC && p.size() >= 2) {
    return PayloadKind::vds;
  }
  if (starts_with(p, "RDB1") || starts_with(p, "NDB1")) {
    return PayloadKind::idb;
  }
  if (starts_with(p, "HC1:")) {
    return PayloadKind::dcc;
  }
  if (p.size() >= 3 && p[0] == '@' && (p[1] == '\n' || p[1] == '\r')) {
    return PayloadKind::aamva;
  }
  if (p.size() >= 2 && p[0] == ' ' && p[1] == '@') { // barcodes.md P15: leading space
    return PayloadKind::aamva;
  }
  if (p.size() >= 4 && p[0] == 'D' && p[1] == 'C' && is_digit(p[2]) && is_digit(p[3])) {
    return PayloadKind::two_d_doc;
  }
  if (p.size() >= 2 && p[0] == 'M' && p[1] >= '1' && p[1] <= '9') {
    return PayloadKind::bcbp;
  }
  if (p[0] == '{' || p[0] == ' ' || p[0] == '\n' || p[0] == '\r' || p[0] == '\t') {
    // VDS-NC: a JSON object with "data" and "sig" (keys may come in any order).
    const std::string_view text(reinterpret_cast<const char*>(p.data()), p.size());
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first != std::string_view::npos && text[first] == '{' &&
        text.find("\"data\"") != std::string_view::npos &&
        text.find("\"sig\"") != std::string_view::npos) {
      return PayloadKind::vds_nc;
    }
  }
  return is_text(p) ? PayloadKind::text : PayloadKind::binary;
}

Result<Payload> decode(ByteView payload) {
  const PayloadKind kind = classify(payload);
  switch (kind) {
  case PayloadKind::vds:
    return decode_vds(payload);
  case PayloadKind::vds_nc:
    return decode_vdsnc(payload);
  case PayloadKind::idb:
    return decode_idb(payload);
  case PayloadKind::dcc:
    return decode_dcc(payload);
  case PayloadKind::bcbp:
    return decode_bcbp(payload);
  case PayloadKind::aamva:
    return decode_aamva(payload);
  case PayloadKind::two_d_doc:
  case PayloadKind::text:
  case PayloadKind::binary:
    break;
  }
  Payload result;
  result.kind = kind;
  result.profile = to_string(kind);
  return result;
}

std::string to_hex(ByteView bytes) {
  static constexpr char k_digits[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (const std::uint8_t b : bytes) {
    out += k_digits[b >> 4];
    out += k_digits[b & 0x0F];
  }
  return out;
}

} // namespace mrtd::barcode
