#include "mrz/detail/engine.hpp"
#include "mrz/detail/fields.hpp"
#include "mrz/mrz.hpp"

#include <algorithm>
#include <array>
#include <string>

namespace mrtd::mrz {

namespace detail {

namespace {

std::string position(std::size_t line, std::size_t column) {
  return "line " + std::to_string(line + 1) + " column " + std::to_string(column + 1);
}

std::optional<Format> detect(const std::string_view* lines, std::size_t count) noexcept {
  auto all_length = [&](std::size_t n) {
    for (std::size_t i = 0; i < count; ++i) {
      if (lines[i].size() != n) {
        return false;
      }
    }
    return true;
  };
  if (count == 3 && all_length(30)) {
    return Format::td1;
  }
  if (count == 2 && all_length(44)) {
    return lines[0][0] == 'V' ? Format::mrv_a : Format::td3;
  }
  if (count == 2 && all_length(36)) {
    if (lines[0][0] == 'V') {
      return Format::mrv_b;
    }
    // The 1988 French card: ID + FRA, and its line 2 starts with the 12-digit card number
    // whose first four digits are the year and month of issue; TD2 carries its nationality
    // at [10:13] instead.
    if (lines[0].substr(0, 5) == "IDFRA" && lines[1][10] >= '0' && lines[1][10] <= '9') {
      return Format::fra_id;
    }
    return Format::td2;
  }
  return std::nullopt;
}

// The lines of a run-together MRZ of `shape`.
std::array<std::string_view, 3> split_run(std::string_view run, Shape shape) noexcept {
  std::array<std::string_view, 3> lines{};
  const auto length = static_cast<std::size_t>(shape.length);
  for (std::size_t i = 0; i < static_cast<std::size_t>(shape.lines); ++i) {
    lines[i] = run.substr(i * length, length);
  }
  return lines;
}

std::optional<Format> detect_run(std::string_view run) noexcept {
  switch (run.size()) {
  case 90:
    return Format::td1;
  case 88:
    return run[0] == 'V' ? Format::mrv_a : Format::td3;
  case 72: {
    const auto lines = split_run(run, {2, 36});
    return detect(lines.data(), 2);
  }
  default:
    return std::nullopt;
  }
}

// How prepare() treats each input byte.
enum class ByteClass : unsigned char {
  plain,
  newline,
  carriage_return,
  lower,
  space,
  control,
  high
};

struct ByteClasses {
  ByteClass of[256];
  constexpr ByteClasses() : of() {
    for (int c = 0; c < 256; ++c) {
      of[c] = c >= 0x80               ? ByteClass::high
              : c == '\n'             ? ByteClass::newline
              : c == '\r'             ? ByteClass::carriage_return
              : c < 0x20 || c == 0x7F ? ByteClass::control
              : c == ' '              ? ByteClass::space
              : c >= 'a' && c <= 'z'  ? ByteClass::lower
                                      : ByteClass::plain;
    }
  }
};
constexpr ByteClasses k_classes;

Error input_error(std::string message, std::size_t offset) {
  return make_error(ErrorCode::malformed, std::move(message), static_cast<std::ptrdiff_t>(offset));
}

} // namespace

std::string describe_shape(const Prepared& prepared) {
  std::string text =
      std::to_string(prepared.raw_count) + (prepared.raw_count == 1 ? " line of " : " lines of ");
  const std::size_t shown = std::min(prepared.raw_count, Prepared::k_max_raw_lines);
  for (std::size_t i = 0; i < shown; ++i) {
    text += (i ? ", " : "") + std::to_string(prepared.raw_lengths[i]);
  }
  return text + (prepared.raw_count > shown ? ", ..." : "") + " characters";
}

Result<Prepared> prepare(std::string_view text, const CheckOptions& options) {
  if (text.size() > k_max_input) {
    return make_error(ErrorCode::limit_exceeded,
                      "input of " + std::to_string(text.size()) + " bytes exceeds the " +
                          std::to_string(k_max_input) + "-byte limit for one MRZ");
  }
  const bool normalize = options.normalize == Normalize::yes;
  // Normalised characters go to a stack buffer; lines are views into it (no allocation).
  std::array<char, k_max_input> buffer;
  std::size_t length = 0;
  std::array<std::string_view, Prepared::k_max_raw_lines> raw{};
  Prepared prepared;
  std::size_t line_start = 0;
  std::size_t line_number = 0; // counts blank lines too, for messages
  auto close_line = [&] {
    if (length > line_start) {
      if (prepared.raw_count < raw.size()) {
        raw[prepared.raw_count] = std::string_view(buffer.data() + line_start, length - line_start);
        prepared.raw_lengths[prepared.raw_count] = length - line_start;
      }
      ++prepared.raw_count;
    }
    line_start = length;
    ++line_number;
  };

  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    const ByteClass kind = k_classes.of[byte];
    if (kind == ByteClass::plain) { // the common case first: A-Z, 0-9, <, other printables
      buffer[length++] = static_cast<char>(byte);
      continue;
    }
    const std::size_t column = length - line_start;
    switch (kind) {
    case ByteClass::plain:
      break;
    case ByteClass::newline:
      close_line();
      break;
    case ByteClass::carriage_return:
      if (i + 1 < text.size() && text[i + 1] != '\n') {
        return input_error("control character 0x0D at " + position(line_number, column), i);
      }
      break; // CR LF line ending (or a final CR)
    case ByteClass::lower:
      if (!normalize) {
        return input_error("lower-case letter at " + position(line_number, column) +
                               " (use --normalize to fold case)",
                           i);
      }
      buffer[length++] = static_cast<char>(byte - 'a' + 'A');
      break;
    case ByteClass::space:
      if (!normalize) {
        return input_error("space at " + position(line_number, column) +
                               " (an MRZ has none; use --normalize to drop spaces)",
                           i);
      }
      break;
    case ByteClass::control:
      if (!(normalize && byte == '\t')) {
        static constexpr char k_hex[] = "0123456789ABCDEF";
        return input_error(std::string("control character 0x") + k_hex[byte >> 4] +
                               k_hex[byte & 15] + " at " + position(line_number, column),
                           i);
      }
      break;
    case ByteClass::high:
      if (byte == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0xAB) {
        if (!normalize) {
          return input_error("'\u00ab' at " + position(line_number, column) +
                                 " is not the MRZ filler '<' (use --normalize to convert it)",
                             i);
        }
        buffer[length++] = '<';
        ++i;
        break;
      }
      return input_error("non-ASCII byte at " + position(line_number, column) +
                             ": an MRZ holds only A-Z, 0-9 and <",
                         i);
    }
  }
  close_line();
  if (prepared.raw_count == 0) {
    return make_error(ErrorCode::malformed, "empty input: no MRZ lines");
  }
  const std::size_t raw_count = std::min(prepared.raw_count, raw.size());

  if (options.format_hint) {
    const Shape want = shape(*options.format_hint);
    const auto lines = static_cast<std::size_t>(want.lines);
    const auto width = static_cast<std::size_t>(want.length);
    prepared.format = *options.format_hint;
    if (prepared.raw_count == 1 && raw[0].size() == lines * width) {
      const auto split = split_run(raw[0], want);
      for (std::size_t i = 0; i < lines; ++i) {
        prepared.lines.push(split[i], width);
      }
      return prepared;
    }
    prepared.shape_ok = prepared.raw_count == lines;
    for (std::size_t i = 0; i < lines; ++i) {
      const std::string_view line = i < raw_count ? raw[i] : std::string_view();
      prepared.shape_ok = prepared.shape_ok && line.size() == width;
      // Padded or cut so that field extraction stays in bounds; the line-length check fails.
      prepared.lines.push(line, width);
    }
    return prepared;
  }

  std::optional<Format> format;
  std::array<std::string_view, 3> lines{};
  if (prepared.raw_count == 1) {
    format = detect_run(raw[0]);
    if (format) {
      lines = split_run(raw[0], shape(*format));
    }
  } else if (prepared.raw_count <= 3) {
    format = detect(raw.data(), prepared.raw_count);
    std::copy_n(raw.begin(), prepared.raw_count, lines.begin());
  }
  if (!format) {
    return make_error(ErrorCode::malformed,
                      "not an MRZ of a known format: expected 3 lines of 30 (TD1), 2 of 36 "
                      "(TD2, MRV-B) or 2 of 44 (TD3, MRV-A) characters, got " +
                          describe_shape(prepared));
  }
  prepared.format = *format;
  const Shape want = shape(*format);
  for (std::size_t i = 0; i < static_cast<std::size_t>(want.lines); ++i) {
    prepared.lines.push(lines[i], static_cast<std::size_t>(want.length));
  }
  return prepared;
}

} // namespace detail

const char* to_string(LongNumberPolicy policy) noexcept {
  switch (policy) {
  case LongNumberPolicy::none:
    return "none";
  case LongNumberPolicy::filler_excluded:
    return "filler_excluded";
  case LongNumberPolicy::filler_included:
    return "filler_included";
  case LongNumberPolicy::either:
    return "either";
  }
  return "none";
}

Report check(std::string_view text, const CheckOptions& options) {
  auto prepared = detail::prepare(text, options);
  if (!prepared) {
    return Report{error_verdict(prepared.error()), std::nullopt};
  }
  Report report;
  Mrz mrz;
  mrz.format = prepared->format;
  if (options.repair == RepairOcr::yes && prepared->shape_ok) {
    mrz.repairs = detail::repair_ocr(prepared->lines, prepared->format);
  }
  for (std::size_t i = 0; i < prepared->lines.count(); ++i) {
    mrz.lines.emplace_back(prepared->lines[i]);
  }
  report.verdict.checks.reserve(k_mrz_check_count);
  detail::VerdictSink sink(report.verdict);
  detail::validate(*prepared, options, mrz.repairs, sink, &mrz);
  finalize(report.verdict);
  report.mrz = std::move(mrz);
  return report;
}

Screening screen(std::string_view text, const CheckOptions& options) {
  Screening screening;
  auto prepared = detail::prepare(text, options);
  if (!prepared) {
    screening.error = prepared.error().code;
    return screening;
  }
  screening.format = prepared->format;
  std::vector<Repair> repairs;
  if (options.repair == RepairOcr::yes && prepared->shape_ok) {
    repairs = detail::repair_ocr(prepared->lines, prepared->format);
  }
  detail::StatusSink sink;
  detail::validate(*prepared, options, repairs, sink, nullptr);
  screening.statuses = sink.statuses;
  screening.outcome = sink.any_fail   ? Outcome::invalid
                      : sink.any_pass ? Outcome::valid
                                      : Outcome::indeterminate;
  return screening;
}

} // namespace mrtd::mrz
