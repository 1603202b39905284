// The engine's one pass over the lines (lib/mrz/detail/scan.cpp) against the plain definitions:
// its masks against char_value() per character, its check digits against check_digit_value()
// over the fields each digit covers, on random lines of every format (bytes outside the
// alphabet included, high bytes too: the pass compares bytes as signed).

#include "mrz/check_digit.hpp"
#include "mrz/detail/fields.hpp"
#include "mrz/detail/scan.hpp"

#include <doctest/doctest.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace {

using mrtd::mrz::Format;
using namespace mrtd::mrz::detail;

constexpr Format k_formats[] = {Format::td1,   Format::td2,   Format::td3,
                                Format::mrv_a, Format::mrv_b, Format::fra_id};

// The fields each digit covers, read off the field map here rather than from the weights.
std::vector<std::string_view> covered(const Lines& lines, const FieldMap& map, DigitField digit) {
  switch (digit) {
  case DigitField::number:
    return {get(lines, map.number)};
  case DigitField::birth:
    return {get(lines, map.birth)};
  case DigitField::expiry:
    return {get(lines, map.expiry)};
  case DigitField::personal:
    return {map.personal_cd.present() ? get(lines, map.optional1) : std::string_view()};
  case DigitField::composite:
    if (!map.composite.present()) {
      return {};
    }
    return {get(lines, map.composite_parts[0]), get(lines, map.composite_parts[1]),
            get(lines, map.composite_parts[2]), get(lines, map.composite_parts[3])};
  case DigitField::count_:
    break;
  }
  return {};
}

int reference_digit(const std::vector<std::string_view>& fields) {
  std::string joined;
  for (const auto field : fields) {
    joined += field;
  }
  return check_digit_value({joined});
}

// A random line: mostly MRZ characters, sometimes (when `foreign`) any byte but a NUL.
std::string random_line(std::mt19937& rng, std::size_t width, bool foreign) {
  static constexpr std::string_view k_alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<<<<<<";
  std::uniform_int_distribution<std::size_t> pick(0, k_alphabet.size() - 1);
  std::uniform_int_distribution<int> byte(1, 255);
  std::uniform_int_distribution<int> chance(0, 99);
  std::string line;
  for (std::size_t i = 0; i < width; ++i) {
    line += foreign && chance(rng) < 4 ? static_cast<char>(byte(rng)) : k_alphabet[pick(rng)];
  }
  return line;
}

} // namespace

TEST_SUITE("mrz::detail::scan") {
  TEST_CASE("masks and check digits agree with the definitions on random lines of every format") {
    std::mt19937 rng(20261130);
    int uncomputable = 0;
    int computed = 0;
    for (const Format format : k_formats) {
      const auto want = mrtd::mrz::shape(format);
      const FieldMap& map = field_map(format);
      for (int round = 0; round < 2000; ++round) {
        Lines lines;
        for (int l = 0; l < want.lines; ++l) {
          lines.push(random_line(rng, static_cast<std::size_t>(want.length), round % 2 == 1),
                     static_cast<std::size_t>(want.length));
        }
        Scan scan;
        scan_lines(lines, want, scan);
        for (std::size_t l = 0; l < lines.count(); ++l) {
          const std::string_view line = lines[l];
          std::uint64_t outside = 0;
          std::uint64_t digits = 0;
          std::uint64_t fillers = 0;
          for (std::size_t i = 0; i < line.size(); ++i) {
            outside |= static_cast<std::uint64_t>(mrtd::mrz::char_value(line[i]) < 0) << i;
            digits |= static_cast<std::uint64_t>(line[i] >= '0' && line[i] <= '9') << i;
            fillers |= static_cast<std::uint64_t>(line[i] == '<') << i;
          }
          REQUIRE(scan.line[l].outside == outside);
          REQUIRE(scan.line[l].digits == digits);
          REQUIRE(scan.line[l].fillers == fillers);
        }
        const ScannedDigits got = scanned_check_digits(scan, format);
        for (std::size_t d = 0; d < got.size(); ++d) {
          const int expected = reference_digit(covered(lines, map, static_cast<DigitField>(d)));
          INFO("format ", mrtd::mrz::to_string(format), ", digit ", d, ", lines ",
               std::string(lines[0]), " / ", std::string(lines[1]));
          REQUIRE(got[d] == expected);
          (expected < 0 ? uncomputable : computed) += 1;
        }
      }
    }
    // Both outcomes were exercised.
    CHECK(uncomputable > 1000);
    CHECK(computed > 10000);
  }

  TEST_CASE("a format's missing digits are 0 and cover nothing") {
    Lines lines;
    lines.push("V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", 44);
    lines.push("L8988901C4XXX4009078F9612109<<<<<<<<<<<<<<<<", 44);
    Scan scan;
    scan_lines(lines, mrtd::mrz::shape(Format::mrv_a), scan);
    const ScannedDigits got = scanned_check_digits(scan, Format::mrv_a);
    CHECK(digit_of(got, DigitField::composite) == 0);
    CHECK(digit_of(got, DigitField::personal) == 0);
    // The specimen's printed digits: number 4, birth 8, expiry 9 (Doc 9303-7 Appendix A).
    CHECK(digit_of(got, DigitField::number) == 4);
    CHECK(digit_of(got, DigitField::birth) == 8);
    CHECK(digit_of(got, DigitField::expiry) == 9);
  }

  TEST_CASE("field_bits cuts a field's bits out of a line mask") {
    CHECK(field_bits(0b1011'0110, Slice{0, 1, 3}) == 0b011);
    CHECK(field_bits(~std::uint64_t{0}, Slice{0, 5, 39}) == (std::uint64_t{1} << 39) - 1);
    CHECK(field_bits(std::uint64_t{1} << 43, Slice{1, 43, 1}) == 1);
  }
}
