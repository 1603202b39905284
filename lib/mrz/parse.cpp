#include "mrz/detail/engine.hpp"
#include "mrz/detail/fields.hpp"
#include "mrz/mrz.hpp"

#include <string>

namespace mrtd::mrz {

namespace detail {

namespace {

std::string describe_shape(const std::vector<std::string>& lines) {
  std::string text = std::to_string(lines.size()) + (lines.size() == 1 ? " line of " : " lines of ");
  for (std::size_t i = 0; i < lines.size(); ++i) {
    text += (i ? ", " : "") + std::to_string(lines[i].size());
  }
  return text + " characters";
}

std::string position(std::size_t line, std::size_t column) {
  return "line " + std::to_string(line + 1) + " column " + std::to_string(column + 1);
}

// Splits one run-together line into the lines of a format.
std::vector<std::string> split_run(const std::string& run, Shape shape) {
  std::vector<std::string> lines;
  const auto length = static_cast<std::size_t>(shape.length);
  for (std::size_t i = 0; i < static_cast<std::size_t>(shape.lines); ++i) {
    lines.push_back(run.substr(i * length, length));
  }
  return lines;
}

std::optional<Format> format_for_run(const std::string& run) noexcept {
  switch (run.size()) {
  case 90:
    return Format::td1;
  case 88:
    return run[0] == 'V' ? Format::mrv_a : Format::td3;
  case 72:
    return detect_format(split_run(run, {2, 36}));
  default:
    return std::nullopt;
  }
}

} // namespace

std::optional<Format> detect_format(const std::vector<std::string>& lines) noexcept {
  auto all_length = [&](std::size_t n) {
    for (const auto& line : lines) {
      if (line.size() != n) {
        return false;
      }
    }
    return true;
  };
  if (lines.size() == 3 && all_length(30)) {
    return Format::td1;
  }
  if (lines.size() == 2 && all_length(44)) {
    return lines[0][0] == 'V' ? Format::mrv_a : Format::td3;
  }
  if (lines.size() == 2 && all_length(36)) {
    if (lines[0][0] == 'V') {
      return Format::mrv_b;
    }
    // The 1988 French card: ID + FRA, and its line 2 starts with the 12-digit card number
    // whose first four digits are the year and month of issue; TD2 carries its nationality
    // at [10:13] instead.
    if (lines[0].compare(0, 5, "IDFRA") == 0 && lines[1][10] >= '0' && lines[1][10] <= '9') {
      return Format::fra_id;
    }
    return Format::td2;
  }
  return std::nullopt;
}

Result<Prepared> prepare(std::string_view text, const CheckOptions& options) {
  if (text.size() > k_max_input) {
    return make_error(ErrorCode::limit_exceeded,
                      "input of " + std::to_string(text.size()) + " bytes exceeds the " +
                          std::to_string(k_max_input) + "-byte limit for one MRZ");
  }
  const bool normalize = options.normalize == Normalize::yes;
  std::vector<std::string> lines(1);
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    const std::size_t line = lines.size() - 1;
    const std::size_t column = lines.back().size();
    if (byte == '\n') {
      lines.emplace_back();
    } else if (byte == '\r' && (i + 1 == text.size() || text[i + 1] == '\n')) {
      // CR LF line ending (or a final CR)
    } else if (byte == 0xC2 && i + 1 < text.size() &&
               static_cast<unsigned char>(text[i + 1]) == 0xAB) {
      if (!normalize) {
        return make_error(ErrorCode::malformed,
                          "'\u00ab' at " + position(line, column) +
                              " is not the MRZ filler '<' (use --normalize to convert it)",
                          static_cast<std::ptrdiff_t>(i));
      }
      lines.back() += '<';
      ++i;
    } else if (byte < 0x20 || byte == 0x7F) {
      if (normalize && byte == '\t') {
        continue;
      }
      char hex[8];
      static constexpr char k_hex[] = "0123456789ABCDEF";
      hex[0] = '0';
      hex[1] = 'x';
      hex[2] = k_hex[byte >> 4];
      hex[3] = k_hex[byte & 15];
      hex[4] = 0;
      return make_error(ErrorCode::malformed,
                        std::string("control character ") + hex + " at " + position(line, column),
                        static_cast<std::ptrdiff_t>(i));
    } else if (byte >= 0x80) {
      return make_error(ErrorCode::malformed,
                        "non-ASCII byte at " + position(line, column) +
                            ": an MRZ holds only A-Z, 0-9 and <",
                        static_cast<std::ptrdiff_t>(i));
    } else if (byte == ' ') {
      if (!normalize) {
        return make_error(ErrorCode::malformed,
                          "space at " + position(line, column) +
                              " (an MRZ has none; use --normalize to drop spaces)",
                          static_cast<std::ptrdiff_t>(i));
      }
    } else if (byte >= 'a' && byte <= 'z') {
      if (!normalize) {
        return make_error(ErrorCode::malformed,
                          "lower-case letter at " + position(line, column) +
                              " (use --normalize to fold case)",
                          static_cast<std::ptrdiff_t>(i));
      }
      lines.back() += static_cast<char>(byte - 'a' + 'A');
    } else {
      lines.back() += static_cast<char>(byte);
    }
  }
  // Blank lines around the MRZ are not part of it.
  std::erase_if(lines, [](const std::string& line) { return line.empty(); });
  if (lines.empty()) {
    return make_error(ErrorCode::malformed, "empty input: no MRZ lines");
  }

  Prepared prepared;
  const std::string found = describe_shape(lines);
  if (options.format_hint) {
    const Shape want = shape(*options.format_hint);
    prepared.format = *options.format_hint;
    if (lines.size() == 1 && lines[0].size() == static_cast<std::size_t>(want.lines * want.length)) {
      lines = split_run(lines[0], want);
    }
    prepared.shape_ok = lines.size() == static_cast<std::size_t>(want.lines);
    lines.resize(static_cast<std::size_t>(want.lines));
    for (auto& line : lines) {
      prepared.shape_ok = prepared.shape_ok && line.size() == static_cast<std::size_t>(want.length);
      // Pad or cut so that field extraction stays in bounds; the line-length check fails.
      line.resize(static_cast<std::size_t>(want.length), '<');
    }
    prepared.lines = std::move(lines);
    prepared.shape_found = found;
    return prepared;
  }
  std::optional<Format> format;
  if (lines.size() == 1) {
    format = format_for_run(lines[0]);
    if (format) {
      lines = split_run(lines[0], shape(*format));
    }
  } else {
    format = detect_format(lines);
  }
  if (!format) {
    return make_error(ErrorCode::malformed,
                      "not an MRZ of a known format: expected 3 lines of 30 (TD1), 2 of 36 "
                      "(TD2, MRV-B) or 2 of 44 (TD3, MRV-A) characters, got " + found);
  }
  prepared.format = *format;
  prepared.lines = std::move(lines);
  prepared.shape_found = found;
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
  mrz.lines = prepared->lines;
  detail::validate(*prepared, options, report.verdict, mrz);
  finalize(report.verdict);
  report.mrz = std::move(mrz);
  return report;
}

} // namespace mrtd::mrz
