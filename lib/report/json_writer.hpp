#pragma once

// Internal: a streaming JSON writer appending to a std::string. It exists because building a
// nlohmann DOM and dumping it costs about 30 instructions per output byte plus an allocation
// per value, which caps the batch path at ~11k verdicts/s; this writer makes one pass.
// Output matches nlohmann's dump(): compact, or indented by 2 with ": " after keys.

#include <cstdint>
#include <string>
#include <string_view>

namespace mrtd::report::detail {

class JsonWriter {
public:
  /// indent < 0: one line; otherwise pretty with that many spaces per level.
  JsonWriter(std::string& out, int indent) : m_out(out), m_indent(indent) {}

  void begin_object();
  void end_object();
  void begin_array();
  void end_array();
  /// Writes `"key":` (and a separator first when needed); a value call must follow.
  void key(std::string_view key);

  void value(std::string_view text);
  void value(const char* text) { value(std::string_view(text)); }
  void value(bool flag);
  void value(std::int64_t number);
  void value(int number) { value(static_cast<std::int64_t>(number)); }
  void null();

private:
  void before_value();
  void newline();
  void escaped(std::string_view text);

  std::string& m_out;
  int m_indent;
  int m_depth = 0;
  bool m_first = true;     ///< no member written yet at this level
  bool m_after_key = false;
};

} // namespace mrtd::report::detail
