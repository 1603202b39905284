#include "report/json_writer.hpp"

#include "core/detail/json_scan.hpp"

#include <cstring>


namespace mrtd::report::detail {

namespace {

// Length of the valid UTF-8 sequence at `s`, or 0 when it is not valid (overlong forms,
// surrogates and code points over U+10FFFF are invalid).
std::size_t utf8_length(std::string_view s) noexcept {
  const auto b0 = static_cast<unsigned char>(s[0]);
  auto cont = [&](std::size_t i) {
    return i < s.size() && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80;
  };
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    return cont(1) ? 2 : 0;
  }
  if (b0 >= 0xE0 && b0 <= 0xEF) {
    if (!cont(1) || !cont(2)) {
      return 0;
    }
    const auto b1 = static_cast<unsigned char>(s[1]);
    if ((b0 == 0xE0 && b1 < 0xA0) || (b0 == 0xED && b1 >= 0xA0)) {
      return 0;
    }
    return 3;
  }
  if (b0 >= 0xF0 && b0 <= 0xF4) {
    if (!cont(1) || !cont(2) || !cont(3)) {
      return 0;
    }
    const auto b1 = static_cast<unsigned char>(s[1]);
    if ((b0 == 0xF0 && b1 < 0x90) || (b0 == 0xF4 && b1 >= 0x90)) {
      return 0;
    }
    return 4;
  }
  return 0;
}

} // namespace

void JsonWriter::newline() {
  if (m_indent >= 0) {
    static constexpr char k_spaces[] =
        "                                                                ";
    put('\n');
    for (auto spaces = static_cast<std::size_t>(m_depth * m_indent); spaces > 0;) {
      const std::size_t n = std::min(spaces, sizeof k_spaces - 1);
      put(k_spaces, n);
      spaces -= n;
    }
  }
}

void JsonWriter::before_value() {
  if (m_after_key) {
    m_after_key = false;
    return;
  }
  if (m_depth > 0) { // an array element
    if (!m_first) {
      put(',');
    }
    newline();
  }
  m_first = false;
}

void JsonWriter::begin_object() {
  before_value();
  put('{');
  ++m_depth;
  m_first = true;
}

void JsonWriter::close(char bracket) {
  --m_depth;
  if (!m_first) {
    newline();
  }
  put(bracket);
  m_first = false;
}

void JsonWriter::end_object() {
  close('}');
}

void JsonWriter::begin_object_with(std::string_view members, bool then_value) {
  begin_object();
  put(members);
  m_first = members.empty();
  m_after_key = then_value;
}

std::string JsonWriter::member_text(
    std::initializer_list<std::pair<std::string_view, std::string_view>> members, int indent,
    int depth, std::string_view then_key) {
  std::string text;
  auto put_key = [&](std::string_view key) { // `"key": ` after a separator and indentation
    if (!text.empty()) {
      text += ',';
    }
    if (indent >= 0) {
      text += '\n';
      text.append(static_cast<std::size_t>(indent * depth), ' ');
    }
    text += '"';
    text += key;
    text += indent >= 0 ? "\": " : "\":";
  };
  for (const auto& [key, value] : members) {
    put_key(key);
    text += '"';
    text += value;
    text += '"';
  }
  if (!then_key.empty()) {
    put_key(then_key);
  }
  return text;
}

void JsonWriter::begin_array() {
  before_value();
  put('[');
  ++m_depth;
  m_first = true;
}

void JsonWriter::end_array() {
  close(']');
}

void JsonWriter::key(std::string_view key) {
  if (!m_first) {
    put(',');
  }
  newline();
  m_first = false;
  put('"');
  put(key);
  put(m_indent >= 0 ? std::string_view("\": ") : std::string_view("\":"));
  m_after_key = true;
}

void JsonWriter::value(std::string_view text) {
  before_value();
  escaped(text);
}

void JsonWriter::literal(std::string_view text) {
  before_value();
  put('"');
  put(text);
  put('"');
}

void JsonWriter::value(bool flag) {
  before_value();
  put(flag ? std::string_view("true") : std::string_view("false"));
}

void JsonWriter::value(std::int64_t number) {
  before_value();
  put(std::to_string(number));
}

void JsonWriter::null() {
  before_value();
  put("null");
}

void JsonWriter::raw(std::string_view json) {
  before_value();
  put(json);
}

namespace {

// 1 for bytes that end a plain run: '"', '\\', control characters and non-ASCII bytes.
struct SpecialTable {
  bool special[256];
  constexpr SpecialTable() : special() {
    for (int c = 0; c < 256; ++c) {
      special[c] = mrtd::detail::json_special(static_cast<unsigned char>(c));
    }
  }
};
constexpr SpecialTable k_special;

// True when any byte of the 8 in `w` is special: < 0x20, '"', '\\' or >= 0x80 (SWAR tests).
bool any_special(std::uint64_t w) noexcept {
  constexpr std::uint64_t ones = 0x0101010101010101ULL;
  constexpr std::uint64_t high = 0x8080808080808080ULL;
  auto has_zero = [](std::uint64_t v) { return (v - ones) & ~v & high; };
  const std::uint64_t below_space = (w - ones * 0x20) & ~w & high;
  return (below_space | has_zero(w ^ (ones * '"')) | has_zero(w ^ (ones * '\\')) | (w & high)) != 0;
}

} // namespace

// The common case of escaped(): the quoted text fits the buffer and holds no byte to escape
// (nor any non-ASCII byte). Scans and copies in one pass; false, with nothing written, when
// the general path must run.
bool JsonWriter::escaped_plain(std::string_view text) {
  const std::size_t size = text.size();
  if (size + 2 > sizeof m_buffer - m_used) {
    return false;
  }
  const char* data = text.data();
  char* to = m_buffer + m_used + 1;
  // Whole words, the last one overlapping its predecessor (never reading outside `text`).
#if defined(__SSE2__)
  if (size >= 16) {
    for (std::size_t i = 0;; i += 16) {
      if (i + 16 > size) {
        i = size - 16;
      }
      if (mrtd::detail::special_mask16(data + i) != 0) {
        return false;
      }
      std::memcpy(to + i, data + i, 16);
      if (i + 16 == size) {
        break;
      }
    }
  } else
#endif
      if (size >= 8) {
    for (std::size_t i = 0;; i += 8) {
      if (i + 8 > size) {
        i = size - 8;
      }
      std::uint64_t word;
      std::memcpy(&word, data + i, 8);
      if (any_special(word)) {
        return false;
      }
      std::memcpy(to + i, &word, 8);
      if (i + 8 == size) {
        break;
      }
    }
  } else {
    for (std::size_t i = 0; i < size; ++i) {
      if (k_special.special[static_cast<unsigned char>(data[i])]) {
        return false;
      }
      to[i] = data[i];
    }
  }
  m_buffer[m_used] = '"';
  to[size] = '"';
  m_used += size + 2;
  return true;
}

void JsonWriter::escaped(std::string_view text) {
  static constexpr char k_hex[] = "0123456789abcdef";
  if (escaped_plain(text)) {
    return;
  }
  put('"');
  const char* data = text.data();
  const std::size_t size = text.size();
  std::size_t run = 0; // start of the pending run of bytes that need no escaping
  std::size_t i = 0;
  while (true) {
    // Up to the next byte that is not copied as it is.
    i = mrtd::detail::plain_run_end(data, i, size);
    if (i == size) {
      break;
    }
    const auto c = static_cast<unsigned char>(data[i]);
    if (c >= 0x80) {
      const std::size_t n = utf8_length(text.substr(i));
      if (n > 0) {
        i += n; // valid UTF-8 passes through
        continue;
      }
    }
    put(data + run, i - run);
    switch (c) {
    case '"':
      put("\\\"");
      break;
    case '\\':
      put("\\\\");
      break;
    case '\n':
      put("\\n");
      break;
    case '\r':
      put("\\r");
      break;
    case '\t':
      put("\\t");
      break;
    case '\b':
      put("\\b");
      break;
    case '\f':
      put("\\f");
      break;
    default:
      if (c < 0x20) {
        put("\\u00");
        put(k_hex[c >> 4]);
        put(k_hex[c & 15]);
      } else {
        put("\xEF\xBF\xBD"); // invalid UTF-8 byte -> U+FFFD, as nlohmann's replace mode
      }
      break;
    }
    ++i;
    run = i;
  }
  put(data + run, size - run);
  put('"');
}

} // namespace mrtd::report::detail
