#include "mrz/detail/engine.hpp"
#include "mrz/detail/fields.hpp"
#include "mrz/mrz.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <cstring>
#include <string>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace mrtd::mrz {

namespace detail {

namespace {

std::string position(std::size_t line, std::size_t column) {
  return "line " + std::to_string(line + 1) + " column " + std::to_string(column + 1);
}

// Detection reports through an out-parameter rather than a std::optional<Format>, which g++ 12
// returns through a stack slot that the caller's wider reload cannot forward from (a stall).
bool detect(const std::string_view* lines, std::size_t count, Format& format) noexcept {
  auto all_length = [&](std::size_t n) {
    for (std::size_t i = 0; i < count; ++i) {
      if (lines[i].size() != n) {
        return false;
      }
    }
    return true;
  };
  if (count == 3 && all_length(30)) {
    format = Format::td1;
    return true;
  }
  if (count == 2 && all_length(44)) {
    format = lines[0][0] == 'V' ? Format::mrv_a : Format::td3;
    return true;
  }
  if (count == 2 && all_length(36)) {
    // The 1988 French card: ID + FRA, and its line 2 starts with the 12-digit card number
    // whose first four digits are the year and month of issue; TD2 carries its nationality
    // at [10:13] instead.
    format = lines[0][0] == 'V' ? Format::mrv_b
             : lines[0].substr(0, 5) == "IDFRA" && lines[1][10] >= '0' && lines[1][10] <= '9'
                 ? Format::fra_id
                 : Format::td2;
    return true;
  }
  return false;
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

bool detect_run(std::string_view run, Format& format) noexcept {
  switch (run.size()) {
  case 90:
    format = Format::td1;
    return true;
  case 88:
    format = run[0] == 'V' ? Format::mrv_a : Format::td3;
    return true;
  case 72: {
    const auto lines = split_run(run, {2, 36});
    return detect(lines.data(), 2, format);
  }
  default:
    return false;
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

// prepare()'s fast test: 1 for the bytes ByteClass::plain keeps as they are ('!' to '`' and
// '{' to '~'), else 0; a sum of disjoint range tests, which the compiler vectorises.
constexpr int kept_as_is(unsigned char byte) noexcept {
  return (static_cast<unsigned char>(byte - 0x21) <= 0x60 - 0x21) +
         (static_cast<unsigned char>(byte - 0x7B) <= 0x7E - 0x7B);
}

constexpr bool kept_as_is_matches_classes() noexcept {
  for (int c = 0; c < 256; ++c) {
    if ((kept_as_is(static_cast<unsigned char>(c)) == 1) != (k_classes.of[c] == ByteClass::plain)) {
      return false;
    }
  }
  return true;
}
static_assert(kept_as_is_matches_classes());

// True when every byte is kept as is or is a line feed: then normalisation changes nothing,
// no byte is an error, and the lines are views into the text itself. Also counts the line
// feeds, per chunk of 255 bytes in a byte; no early exit, so the inner loop vectorises.
bool only_plain_lines(std::string_view text, std::size_t& line_feeds) noexcept {
  constexpr std::size_t k_chunk = 255;
  bool plain = true;
  line_feeds = 0;
  for (std::size_t start = 0; start < text.size(); start += k_chunk) {
    const std::size_t stop = std::min(text.size(), start + k_chunk);
    unsigned char feeds = 0;
    unsigned char kept = 0;
    for (std::size_t i = start; i < stop; ++i) {
      const auto byte = static_cast<unsigned char>(text[i]);
      feeds = static_cast<unsigned char>(feeds + (byte == '\n'));
      kept = static_cast<unsigned char>(kept + kept_as_is(byte));
    }
    line_feeds += feeds;
    // Kept bytes and line feeds are disjoint: together they are all bytes, or not.
    plain = plain && static_cast<std::size_t>(feeds) + kept == stop - start;
  }
  return plain;
}

#if defined(__SSE2__)
// only_plain_lines() for a text of 16 to 128 bytes, sixteen bytes at a time (the last block
// overlaps the one before: both tests are idempotent), with the line feeds' offsets as bits
// (offset i is bit i % 64 of feeds[i / 64]).
constexpr std::size_t k_short_text = 128;
bool plain_short_text(std::string_view text, std::array<std::uint64_t, 2>& feeds) noexcept {
  const std::size_t n = text.size();
  const char* p = text.data();
  // Unsigned "x - first <= span" as min(x - first, span) == x - first.
  const __m128i low_first = _mm_set1_epi8(0x21);
  const __m128i low_span = _mm_set1_epi8(0x60 - 0x21);
  const __m128i high_first = _mm_set1_epi8(0x7B);
  const __m128i high_span = _mm_set1_epi8(0x7E - 0x7B);
  const __m128i line_feed = _mm_set1_epi8('\n');
  __m128i good = _mm_set1_epi8(-1);
  feeds = {0, 0};
  auto block = [&](std::size_t at) {
    const __m128i c = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + at));
    const __m128i low = _mm_sub_epi8(c, low_first);
    const __m128i high = _mm_sub_epi8(c, high_first);
    const __m128i feed = _mm_cmpeq_epi8(c, line_feed);
    const __m128i kept = _mm_or_si128(_mm_cmpeq_epi8(_mm_min_epu8(low, low_span), low),
                                      _mm_cmpeq_epi8(_mm_min_epu8(high, high_span), high));
    good = _mm_and_si128(good, _mm_or_si128(kept, feed));
    const auto bits = static_cast<std::uint64_t>(_mm_movemask_epi8(feed));
    const std::size_t word = at / 64;
    const std::size_t shift = at % 64;
    feeds[word] |= bits << shift;
    if (shift > 48) {
      feeds[word + 1] |= bits >> (64 - shift);
    }
  };
  std::size_t at = 0;
  for (; at + 16 <= n; at += 16) {
    block(at);
  }
  if (at < n) {
    block(n - 16);
  }
  return _mm_movemask_epi8(good) == 0xFFFF;
}
#endif

// The line feeds of a text holding `count` of them (at most 3), looked for where MRZ lines
// end: 44, 30 or 36 characters after the previous line's start. True, with their offsets in
// `at`, when that finds all `count`: then there is no other, and the lines between them are
// exact; false sends the caller to search.
bool feeds_at_line_ends(std::string_view text, std::size_t count,
                        std::array<std::size_t, 3>& at) noexcept {
  std::size_t begin = 0;
  for (std::size_t k = 0; k < count; ++k) {
    std::size_t feed = 0;
    for (const std::size_t width : {std::size_t{44}, std::size_t{30}, std::size_t{36}}) {
      if (begin + width < text.size() && text[begin + width] == '\n') {
        feed = begin + width;
        break;
      }
    }
    if (feed == 0) {
      return false;
    }
    at[k] = feed;
    begin = feed + 1;
  }
  return true;
}

Error input_error(std::string message, std::size_t offset) {
  return make_error(ErrorCode::malformed, std::move(message), static_cast<std::ptrdiff_t>(offset));
}

// The first non-blank input lines: no format has more than Lines::k_max_lines.
using RawLines = std::array<std::string_view, Lines::k_max_lines>;

// Notes a non-blank input line: its view (the first Lines::k_max_lines only) and its length
// (the first Prepared::k_max_raw_lines only).
void add_raw_line(Prepared& prepared, RawLines& raw, std::string_view line) noexcept {
  if (prepared.raw_count < raw.size()) {
    raw[prepared.raw_count] = line;
  }
  if (prepared.raw_count < Prepared::k_max_raw_lines) {
    prepared.raw_lengths[prepared.raw_count] = line.size();
  }
  ++prepared.raw_count;
}

// From the input's non-blank lines to the MRZ lines and format (the second half of prepare()).
std::optional<Error> arrange(const RawLines& raw, const CheckOptions& options, Prepared& prepared) {
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
      return std::nullopt;
    }
    prepared.shape_ok = prepared.raw_count == lines;
    for (std::size_t i = 0; i < lines; ++i) {
      const std::string_view line = i < raw_count ? raw[i] : std::string_view();
      prepared.shape_ok = prepared.shape_ok && line.size() == width;
      // Padded or cut so that field extraction stays in bounds; the line-length check fails.
      prepared.lines.push(line, width);
    }
    return std::nullopt;
  }

  Format format = Format::td3;
  bool detected = false;
  // The lines are the raw ones, or those of a run-together MRZ (the raw views are not copied:
  // they were just written field by field, and a whole-view reload could not be forwarded).
  const RawLines* lines = &raw;
  RawLines split;
  if (prepared.raw_count == 1) {
    detected = detect_run(raw[0], format);
    if (detected) {
      split = split_run(raw[0], shape(format));
      lines = &split;
    }
  } else if (prepared.raw_count <= 3) {
    detected = detect(raw.data(), prepared.raw_count, format);
  }
  if (!detected) {
    return make_error(ErrorCode::malformed,
                      "not an MRZ of a known format: expected 3 lines of 30 (TD1), 2 of 36 "
                      "(TD2, MRV-B) or 2 of 44 (TD3, MRV-A) characters, got " +
                          describe_shape(prepared));
  }
  prepared.format = format;
  const Shape want = shape(format);
  for (std::size_t i = 0; i < static_cast<std::size_t>(want.lines); ++i) {
    prepared.lines.push((*lines)[i], static_cast<std::size_t>(want.length));
  }
  return std::nullopt;
}

// The general case: screens and normalises byte by byte into a buffer, with a message for
// the first byte that is refused.
std::optional<Error> prepare_bytes(std::string_view text, const CheckOptions& options,
                                   Prepared& prepared) {
  const bool normalize = options.normalize == Normalize::yes;
  // Normalised characters go to a stack buffer; lines are views into it (no allocation).
  std::array<char, k_max_input> buffer;
  std::size_t length = 0;
  RawLines raw{};
  std::size_t line_start = 0;
  std::size_t line_number = 0; // counts blank lines too, for messages
  auto close_line = [&] {
    if (length > line_start) {
      add_raw_line(prepared, raw,
                   std::string_view(buffer.data() + line_start, length - line_start));
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
  return arrange(raw, options, prepared);
}

} // namespace

std::string describe_shape(const Prepared& prepared) {
  std::string text;
  text.reserve(64);
  text += std::to_string(prepared.raw_count);
  text += prepared.raw_count == 1 ? " line of " : " lines of ";
  const std::size_t shown = std::min(prepared.raw_count, Prepared::k_max_raw_lines);
  for (std::size_t i = 0; i < shown; ++i) {
    if (i > 0) {
      text += ", ";
    }
    text += std::to_string(prepared.raw_lengths[i]);
  }
  if (prepared.raw_count > shown) {
    text += ", ...";
  }
  text += " characters";
  return text;
}

std::optional<Error> prepare(std::string_view text, const CheckOptions& options,
                             Prepared& prepared) {
  if (text.size() > k_max_input) {
    return make_error(ErrorCode::limit_exceeded,
                      "input of " + std::to_string(text.size()) + " bytes exceeds the " +
                          std::to_string(k_max_input) + "-byte limit for one MRZ");
  }
#if defined(__SSE2__)
  // The common case, a record of two or three lines: the line feeds come as bits.
  if (text.size() >= 16 && text.size() <= k_short_text) {
    std::array<std::uint64_t, 2> feeds;
    if (!plain_short_text(text, feeds)) {
      return prepare_bytes(text, options, prepared);
    }
    RawLines raw{};
    std::size_t start = 0;
    for (std::size_t word = 0; word < feeds.size(); ++word) {
      for (std::uint64_t bits = feeds[word]; bits != 0; bits &= bits - 1) {
        const std::size_t feed = word * 64 + static_cast<std::size_t>(std::countr_zero(bits));
        if (feed != start) {
          add_raw_line(prepared, raw, text.substr(start, feed - start));
        }
        start = feed + 1;
      }
    }
    if (start < text.size()) {
      add_raw_line(prepared, raw, text.substr(start));
    }
    return arrange(raw, options, prepared);
  }
#endif
  std::size_t line_feeds = 0;
  if (!only_plain_lines(text, line_feeds)) {
    return prepare_bytes(text, options, prepared);
  }
  // Fast path: no byte to fold, drop or refuse; the lines are the text between line feeds.
  RawLines raw{};
  if (std::array<std::size_t, 3> feeds;
      line_feeds <= feeds.size() && feeds_at_line_ends(text, line_feeds, feeds)) {
    std::size_t start = 0;
    for (std::size_t k = 0; k <= line_feeds; ++k) {
      const std::size_t stop = k < line_feeds ? feeds[k] : text.size();
      if (stop != start) {
        add_raw_line(prepared, raw, text.substr(start, stop - start));
      }
      start = stop + 1;
    }
    return arrange(raw, options, prepared);
  }
  const char* begin = text.data();
  const char* const end = begin + text.size();
  while (begin != end) {
    const void* found = std::memchr(begin, '\n', static_cast<std::size_t>(end - begin));
    const char* stop = found ? static_cast<const char*>(found) : end;
    if (stop != begin) {
      add_raw_line(prepared, raw, std::string_view(begin, static_cast<std::size_t>(stop - begin)));
    }
    begin = found ? stop + 1 : end;
  }
  return arrange(raw, options, prepared);
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
  return check(text, options, Report{});
}

Report check(std::string_view text, const CheckOptions& options, Report&& previous) {
  detail::Prepared prepared;
  if (auto error = detail::prepare(text, options, prepared)) {
    return Report{error_verdict(std::move(*error)), std::nullopt};
  }
  Report report;
  report.verdict.checks = std::move(previous.verdict.checks);
  report.verdict.checks.clear(); // capacity kept
  Mrz& mrz = report.mrz.emplace(); // filled in place: no move of its ~20 strings afterwards
  mrz.format = prepared.format;
  if (options.repair == RepairOcr::yes && prepared.shape_ok) {
    mrz.repairs = detail::repair_ocr(prepared.lines, prepared.format);
  }
  mrz.lines.reserve(prepared.lines.count());
  for (std::size_t i = 0; i < prepared.lines.count(); ++i) {
    mrz.lines.emplace_back(prepared.lines[i]);
  }
  report.verdict.checks.reserve(k_mrz_check_count);
  detail::VerdictSink sink(report.verdict);
  detail::validate(prepared, options, mrz.repairs, sink, &mrz);
  finalize(report.verdict);
  return report;
}

Screening screen(std::string_view text, const CheckOptions& options) {
  Screening screening;
  detail::Prepared prepared;
  if (const auto error = detail::prepare(text, options, prepared)) {
    screening.error = error->code;
    return screening;
  }
  screening.format = prepared.format;
  std::vector<Repair> repairs;
  if (options.repair == RepairOcr::yes && prepared.shape_ok) {
    repairs = detail::repair_ocr(prepared.lines, prepared.format);
  }
  detail::StatusSink sink(screening.statuses);
  detail::validate(prepared, options, repairs, sink, nullptr);
  screening.outcome = sink.any_fail()   ? Outcome::invalid
                      : sink.any_pass() ? Outcome::valid
                                        : Outcome::indeterminate;
  return screening;
}

} // namespace mrtd::mrz
