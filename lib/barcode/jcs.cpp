#include "barcode/jcs.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <set>
#include <utility>
#include <vector>

namespace mrtd::barcode {

namespace {

constexpr std::size_t k_max_depth = 64;
constexpr std::size_t k_max_text = std::size_t{1024} * 1024;

// Decodes UTF-8 strictly (no overlong forms, no encoded surrogates, nothing above U+10FFFF) into
// UTF-16 code units (when `out` is given); false on any violation.
bool utf8_to_utf16(std::string_view s, std::u16string* out) {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto b0 = static_cast<std::uint8_t>(s[i]);
    std::uint32_t cp = 0;
    std::size_t n = 0;
    if (b0 < 0x80) {
      cp = b0;
    } else if (b0 >= 0xC2 && b0 <= 0xDF) {
      cp = b0 & 0x1Fu;
      n = 1;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
      cp = b0 & 0x0Fu;
      n = 2;
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
      cp = b0 & 0x07u;
      n = 3;
    } else {
      return false;
    }
    if (s.size() - i <= n) {
      return false;
    }
    for (std::size_t k = 1; k <= n; ++k) {
      const auto b = static_cast<std::uint8_t>(s[i + k]);
      if ((b & 0xC0) != 0x80) {
        return false;
      }
      cp = (cp << 6) | (b & 0x3Fu);
    }
    if ((n == 2 && cp < 0x800) || (n == 3 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF)) {
      return false;
    }
    if (out != nullptr) {
      if (cp >= 0x10000) {
        cp -= 0x10000;
        out->push_back(static_cast<char16_t>(0xD800 + (cp >> 10)));
        out->push_back(static_cast<char16_t>(0xDC00 + (cp & 0x3FF)));
      } else {
        out->push_back(static_cast<char16_t>(cp));
      }
    }
    i += n + 1;
  }
  return true;
}

// RFC 8785 §3.2.2.2: only '"', '\' and U+0000..U+001F are escaped, the latter with the short
// forms \b \t \n \f \r where JSON has them and \u00xx (lower-case hex) otherwise.
Result<bool> append_string(std::string& out, std::string_view s) {
  if (!utf8_to_utf16(s, nullptr)) {
    return make_error(ErrorCode::malformed, "JSON string is not valid UTF-8 (or a lone surrogate)");
  }
  out += '"';
  for (const char c : s) {
    const auto u = static_cast<unsigned char>(c);
    switch (c) {
    case '"':
      out += "\\\"";
      break;
    case '\\':
      out += "\\\\";
      break;
    case '\b':
      out += "\\b";
      break;
    case '\t':
      out += "\\t";
      break;
    case '\n':
      out += "\\n";
      break;
    case '\f':
      out += "\\f";
      break;
    case '\r':
      out += "\\r";
      break;
    default:
      if (u < 0x20) {
        static constexpr char k_hex[] = "0123456789abcdef";
        out += "\\u00";
        out += k_hex[u >> 4];
        out += k_hex[u & 0x0F];
      } else {
        out += c;
      }
    }
  }
  out += '"';
  return true;
}

Result<bool> append_value(std::string& out, const nlohmann::json& v, std::size_t depth) {
  if (depth > k_max_depth) {
    return make_error(ErrorCode::limit_exceeded, "JSON nested deeper than 64 levels");
  }
  switch (v.type()) {
  case nlohmann::json::value_t::null:
    out += "null";
    return true;
  case nlohmann::json::value_t::boolean:
    out += v.get<bool>() ? "true" : "false";
    return true;
  case nlohmann::json::value_t::number_integer:
  case nlohmann::json::value_t::number_unsigned:
  case nlohmann::json::value_t::number_float: {
    // JSON numbers are IEEE 754 doubles in JCS: integers beyond 2^53 round as in ECMAScript.
    auto text = jcs_number(v.get<double>());
    if (!text) {
      return text.error();
    }
    out += *text;
    return true;
  }
  case nlohmann::json::value_t::string:
    return append_string(out, v.get_ref<const std::string&>());
  case nlohmann::json::value_t::array: {
    out += '[';
    bool first = true;
    for (const auto& item : v) {
      if (!first) {
        out += ',';
      }
      first = false;
      if (auto ok = append_value(out, item, depth + 1); !ok) {
        return ok;
      }
    }
    out += ']';
    return true;
  }
  case nlohmann::json::value_t::object: {
    // Sort by UTF-16 code units (RFC 8785 §3.2.3), not by UTF-8 bytes: the two orders differ
    // for characters above U+FFFF against U+E000..U+FFFF.
    std::vector<std::pair<std::u16string, const nlohmann::json*>> members;
    std::vector<const std::string*> names;
    members.reserve(v.size());
    for (auto it = v.begin(); it != v.end(); ++it) {
      std::u16string units;
      if (!utf8_to_utf16(it.key(), &units)) {
        return make_error(ErrorCode::malformed, "JSON member name is not valid UTF-8");
      }
      members.emplace_back(std::move(units), &it.value());
      names.push_back(&it.key());
    }
    std::vector<std::size_t> order(members.size());
    for (std::size_t i = 0; i < order.size(); ++i) {
      order[i] = i;
    }
    std::sort(order.begin(), order.end(),
              [&](std::size_t a, std::size_t b) { return members[a].first < members[b].first; });
    out += '{';
    bool first = true;
    for (const std::size_t i : order) {
      if (!first) {
        out += ',';
      }
      first = false;
      if (auto ok = append_string(out, *names[i]); !ok) {
        return ok;
      }
      out += ':';
      if (auto ok = append_value(out, *members[i].second, depth + 1); !ok) {
        return ok;
      }
    }
    out += '}';
    return true;
  }
  case nlohmann::json::value_t::binary:
  case nlohmann::json::value_t::discarded:
    break;
  }
  return make_error(ErrorCode::unsupported, "JSON value has no canonical form");
}

} // namespace

Result<std::string> jcs_number(double value) {
  if (!std::isfinite(value)) {
    return make_error(ErrorCode::unsupported, "NaN and infinities are not JSON numbers");
  }
  if (value == 0) {
    return std::string("0"); // also -0 (ES6 Number::toString)
  }
  std::string out;
  if (value < 0) {
    out += '-';
    value = -value;
  }
  // Shortest round-trip digits (the closest to the value when several qualify), as ES6 asks.
  char buf[64];
  const auto res = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::scientific);
  const std::string_view sci(buf, static_cast<std::size_t>(res.ptr - buf));
  const auto e_pos = sci.find('e');
  std::string digits;
  for (const char c : sci.substr(0, e_pos)) {
    if (c != '.') {
      digits += c;
    }
  }
  int exponent = 0;
  const auto exp_text = sci.substr(e_pos + 1);
  const std::size_t skip = !exp_text.empty() && exp_text[0] == '+' ? 1 : 0;
  std::from_chars(exp_text.data() + skip, exp_text.data() + exp_text.size(), exponent);
  // ES6 7.1.12.1 with k digits and value = 0.digits × 10^n.
  const auto k = static_cast<int>(digits.size());
  const int n = exponent + 1;
  if (k <= n && n <= 21) {
    out += digits;
    out.append(static_cast<std::size_t>(n - k), '0');
  } else if (0 < n && n <= 21) {
    out += digits.substr(0, static_cast<std::size_t>(n));
    out += '.';
    out += digits.substr(static_cast<std::size_t>(n));
  } else if (-6 < n && n <= 0) {
    out += "0.";
    out.append(static_cast<std::size_t>(-n), '0');
    out += digits;
  } else {
    out += digits[0];
    if (k > 1) {
      out += '.';
      out += digits.substr(1);
    }
    out += 'e';
    out += n - 1 < 0 ? '-' : '+';
    out += std::to_string(n - 1 < 0 ? 1 - n : n - 1);
  }
  return out;
}

Result<std::string> jcs_canonicalize(std::string_view json) {
  if (json.size() > k_max_text) {
    return make_error(ErrorCode::limit_exceeded, "JSON text larger than 1 MiB");
  }
  // Duplicate member names: nlohmann keeps the last one silently, so the names of every open
  // object are tracked while parsing.
  std::vector<std::set<std::string>> open_objects;
  bool duplicate = false;
  bool too_deep = false;
  const nlohmann::json::parser_callback_t watch =
      [&](int depth, nlohmann::json::parse_event_t event, nlohmann::json& parsed) {
        if (depth > static_cast<int>(k_max_depth)) {
          too_deep = true;
        }
        switch (event) {
        case nlohmann::json::parse_event_t::object_start:
          open_objects.emplace_back();
          break;
        case nlohmann::json::parse_event_t::object_end:
          if (!open_objects.empty()) {
            open_objects.pop_back();
          }
          break;
        case nlohmann::json::parse_event_t::key:
          if (!open_objects.empty() && parsed.is_string() &&
              !open_objects.back().insert(parsed.get<std::string>()).second) {
            duplicate = true;
          }
          break;
        default:
          break;
        }
        return true;
      };
  try {
    const auto doc = nlohmann::json::parse(json.begin(), json.end(), watch, false);
    if (doc.is_discarded()) {
      return make_error(ErrorCode::malformed, "not a JSON text");
    }
    if (too_deep) {
      return make_error(ErrorCode::limit_exceeded, "JSON nested deeper than 64 levels");
    }
    if (duplicate) {
      return make_error(ErrorCode::malformed, "duplicate member name in a JSON object");
    }
    std::string out;
    out.reserve(json.size());
    if (auto ok = append_value(out, doc, 0); !ok) {
      return ok.error();
    }
    return out;
  } catch (const nlohmann::json::exception& e) {
    return make_error(ErrorCode::malformed, std::string("not a JSON text: ") + e.what());
  }
}

} // namespace mrtd::barcode
