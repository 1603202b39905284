#pragma once

// Internal: a streaming JSON writer appending to a std::string. It exists because building a
// nlohmann DOM and dumping it costs about 30 instructions per output byte plus an allocation
// per value, which caps the batch path at ~11k verdicts/s; this writer makes one pass.
// Output matches nlohmann's dump(): compact, or indented by 2 with ": " after keys.

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <utility>

namespace mrtd::report::detail {

class JsonWriter {
public:
  /// indent < 0: one line; otherwise pretty with that many spaces per level.
  JsonWriter(std::string& out, int indent) : m_out(out), m_indent(indent) {}
  /// Flushes what is still buffered to `out`.
  ~JsonWriter() { flush(); }
  JsonWriter(const JsonWriter&) = delete;
  JsonWriter& operator=(const JsonWriter&) = delete;

  void begin_object();
  void end_object();
  void begin_array();
  void end_array();
  /// Writes `"key":` (and a separator first when needed); a value call must follow. Keys are
  /// the toolkit's own ASCII literals and are written without escaping.
  void key(std::string_view key);
  /// key() for a literal (every key the toolkit writes): its length is a constant, so the
  /// compact case is a few stores; other layouts take the general key().
  template <std::size_t N> void key(const char (&text)[N]) {
    constexpr std::size_t n = N - 1;
    if (m_indent < 0 && n + 4 <= sizeof m_buffer - m_used) {
      char* to = m_buffer + m_used;
      if (!m_first) {
        *to++ = ',';
      }
      *to++ = '"';
      std::memcpy(to, text, n);
      to += n;
      *to++ = '"';
      *to++ = ':';
      m_used = static_cast<std::size_t>(to - m_buffer);
      m_first = false;
      m_after_key = true;
      return;
    }
    key(std::string_view(text, n));
  }

  void value(std::string_view text);
  /// A string known to need no escaping (check ids, status names): written as is.
  void literal(std::string_view text);
  /// Opens an object and writes pre-rendered members `"a":...,"b":...` (no braces; made for
  /// this writer's layout by member_text()), after which key() continues the object. With
  /// `then_value`, the text ends in a key (member_text()'s `then_key`) and a value call follows.
  void begin_object_with(std::string_view members, bool then_value = false);
  /// The text begin_object_with() expects for string members `key=value` pairs, rendered for
  /// `indent` at nesting `depth` (of the object's members), and a last key `then_key` whose
  /// value the caller writes (none when empty). Values are not escaped.
  static std::string
  member_text(std::initializer_list<std::pair<std::string_view, std::string_view>> members,
              int indent, int depth, std::string_view then_key = {});
  void value(const char* text) { value(std::string_view(text)); }
  void value(bool flag);
  void value(std::int64_t number);
  void value(int number) { value(static_cast<std::int64_t>(number)); }
  void null();
  /// A complete JSON value already rendered compactly (e.g. by nlohmann's dump()), written as is.
  void raw(std::string_view json);

private:
  void before_value();
  void newline();
  void escaped(std::string_view text);
  bool escaped_plain(std::string_view text);
  void close(char bracket);

  // Output goes through a small local buffer, appended to `m_out` when full and at the end:
  // cheaper per piece than std::string::append, and nothing is zero-filled.
  void flush() {
    m_out.append(m_buffer, m_used);
    m_used = 0;
  }
  void put(const char* data, std::size_t n) {
    if (n > sizeof m_buffer - m_used) {
      flush();
      if (n > sizeof m_buffer) {
        m_out.append(data, n);
        return;
      }
    }
    char* to = m_buffer + m_used;
    if (n <= 16) { // short pieces (keys, punctuation): a loop beats a call to memcpy
      for (std::size_t i = 0; i < n; ++i) {
        to[i] = data[i];
      }
    } else {
      std::memcpy(to, data, n);
    }
    m_used += n;
  }
  void put(std::string_view text) { put(text.data(), text.size()); }
  void put(char c) {
    if (m_used == sizeof m_buffer) {
      flush();
    }
    m_buffer[m_used++] = c;
  }

  std::string& m_out;
  char m_buffer[2048];
  std::size_t m_used = 0;
  int m_indent;
  int m_depth = 0;
  bool m_first = true; ///< no member written yet at this level
  bool m_after_key = false;
};

} // namespace mrtd::report::detail
