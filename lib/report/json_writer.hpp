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

namespace mrtd::report::detail {

class JsonWriter {
public:
  /// indent < 0: one line; otherwise pretty with that many spaces per level.
  JsonWriter(std::string& out, int indent) : m_out(out), m_length(out.size()), m_indent(indent) {}
  /// Trims `out` to what was written.
  ~JsonWriter() { m_out.resize(m_length); }
  JsonWriter(const JsonWriter&) = delete;
  JsonWriter& operator=(const JsonWriter&) = delete;

  void begin_object();
  void end_object();
  void begin_array();
  void end_array();
  /// Writes `"key":` (and a separator first when needed); a value call must follow. Keys are
  /// the toolkit's own ASCII literals and are written without escaping.
  void key(std::string_view key);

  void value(std::string_view text);
  /// A string known to need no escaping (check ids, status names): written as is.
  void literal(std::string_view text);
  void value(const char* text) { value(std::string_view(text)); }
  void value(bool flag);
  void value(std::int64_t number);
  void value(int number) { value(static_cast<std::int64_t>(number)); }
  void null();

private:
  void before_value();
  void newline();
  void escaped(std::string_view text);
  /// Makes room for `n` more bytes: `m_out` grows in large steps and is written through
  /// put(), which costs a fraction of std::string::append on this hot path.
  void reserve(std::size_t n) {
    if (m_length + n > m_out.size()) {
      m_out.resize(m_length + std::max<std::size_t>(n, 4096)); // capacity grows geometrically
    }
  }
  void put(const char* data, std::size_t n) {
    reserve(n);
    std::memcpy(m_out.data() + m_length, data, n);
    m_length += n;
  }
  void put(std::string_view text) { put(text.data(), text.size()); }
  void put(char c) {
    reserve(1);
    m_out[m_length++] = c;
  }

  std::string& m_out;
  std::size_t m_length; ///< bytes written; m_out.size() is the capacity in use
  int m_indent;
  int m_depth = 0;
  bool m_first = true;     ///< no member written yet at this level
  bool m_after_key = false;
};

} // namespace mrtd::report::detail
