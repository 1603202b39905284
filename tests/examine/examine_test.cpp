// lib/examine: items recognised by content; each source examined by its own engine; the
// cross-checks (agreement, truncated names, a visa's passport number, the CSCA's country);
// expiry at the verification time; the combined outcome; errors for input that is not one
// document. Specimen documents come from lib/examine/specimen with the committed test keys.

#include "examine/examine.hpp"
#include "examine/specimen.hpp"
#include "pki/trust_store.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

using namespace mrtd;
using examine::Item;
using examine::ItemKind;

namespace {

const std::filesystem::path k_keys = std::filesystem::path(MRTD_SOURCE_DIR) / "tests/gen/keys";
constexpr UnixTime k_at = 1767225600; // 2026-01-01

std::string read(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

Item item(std::string name, std::string_view text) {
  return Item{std::move(name), examine::Bytes(text.begin(), text.end())};
}

// A specimen document (made once per forgery) as items, and its trust store.
struct Document {
  std::vector<Item> items;
  pki::TrustStore trust;
};

const examine::DocumentSpecimen& specimen(examine::Forgery forgery) {
  static std::map<examine::Forgery, examine::DocumentSpecimen> made;
  auto found = made.find(forgery);
  if (found == made.end()) {
    examine::DocumentSpecimenOptions options;
    options.forgery = forgery;
    options.csca_key = read(k_keys / "rsa-csca.TEST-ONLY.key.pem");
    options.dsc_key = read(k_keys / "rsa-dsc.TEST-ONLY.key.pem");
    options.seal_signer_key = read(k_keys / "seal-signer-p256.TEST-ONLY.key.pem");
    auto result = examine::make_document_specimen(options);
    REQUIRE(result);
    found = made.emplace(forgery, std::move(*result)).first;
  }
  return found->second;
}

Document document(examine::Forgery forgery) {
  const auto& s = specimen(forgery);
  Document d;
  for (const auto& file : s.document) {
    d.items.push_back(Item{file.name, file.bytes});
  }
  for (const auto& file : s.trust) {
    REQUIRE(d.trust.add(file.bytes, file.name));
  }
  return d;
}

examine::Report run(const std::vector<Item>& items, const pki::TrustStore& trust,
                    UnixTime at = k_at) {
  return examine::examine(items, trust, examine::Options{at});
}

Status status(const examine::Report& r, CheckId id) {
  const Check* check = r.verdict.find(id);
  REQUIRE(check != nullptr);
  return check->status;
}

std::vector<std::string> failed(const examine::Report& r) {
  std::vector<std::string> out;
  for (const auto& check : r.verdict.checks) {
    if (check.status == Status::fail) {
      out.emplace_back(check_name(check.id));
    }
  }
  return out;
}

const Item* find(const std::vector<Item>& items, std::string_view name) {
  for (const auto& i : items) {
    if (i.name == name) {
      return &i;
    }
  }
  return nullptr;
}

constexpr std::string_view k_td3 = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\n"
                                   "L898902C36UTO7408122F3506304ZE184226B<<<<<14\n";

} // namespace

TEST_SUITE("examine") {
  TEST_CASE("recognise: by content, chip files also by name") {
    using examine::recognise;
    CHECK(recognise(item("x", k_td3)).kind == ItemKind::mrz);
    CHECK(recognise(item("x", k_td3)).what == "TD3 MRZ");
    CHECK(recognise(item("x", "V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\n"
                              "L898902C36UTO7408122F2706306<<<<<<<<<<<<<<<<\n"))
              .kind == ItemKind::visa_mrz);
    CHECK(recognise(item("x", "\x89PNG\r\n\x1A\n....")).kind == ItemKind::image);
    CHECK(recognise(item("x", "\xFF\xD8\xFF\xE0")).what == "JPEG image");
    CHECK(recognise(item("x", "-----BEGIN CERTIFICATE-----\n")).kind == ItemKind::certificate);
    CHECK(recognise(item("x", "HC1:NCFOXN")).kind == ItemKind::seal);
    // An LDS tag whose TLV fills the file (DG1 = 0x61), padding allowed; not a TLV that ends early.
    CHECK(recognise(item("a.bin", std::string("\x61\x02\x5F\x1F", 4))).what == "DG1");
    CHECK(recognise(item("a.bin", std::string("\x61\x02\x5F\x1F\x00\x00", 6))).what == "DG1");
    CHECK(recognise(item("a.bin", std::string("\x61\x02\x5F\x1Fxyz", 7))).kind == ItemKind::ignored);
    // Text that happens to start with a tag byte ('a' = 0x61) is not a data group...
    CHECK(recognise(item("notes.txt", "a note on the document\n")).kind == ItemKind::ignored);
    // ... but a file named like one is taken as one (its hash will tell).
    CHECK(recognise(item("dump/EF_SOD.bin", "garbage")).what == "EF.SOD");
    CHECK(recognise(item("empty", "")).what == "empty file");
    CHECK(recognise(item("mrz.txt", std::string(k_td3).replace(5, 1, 1, '\0'))).kind ==
          ItemKind::ignored);
  }

  TEST_CASE("a genuine document: every source verifies and every cross-check agrees") {
    const Document d = document(examine::Forgery::none);
    const auto r = run(d.items, d.trust);
    CHECK(r.verdict.outcome == Outcome::valid);
    CHECK(failed(r).empty());
    for (const auto& check : r.verdict.checks) {
      CHECK_MESSAGE(check.status == Status::pass, check_name(check.id), ": ", check.message);
    }
    REQUIRE(r.chip);
    REQUIRE(r.seals.size() == 1);
    CHECK(r.seals[0].source == "visa-seal.png#1");
    CHECK(r.verdict.find(CheckId::examine_cross_issuing_state)->message.find("chip CSCA (C=UT)") !=
          std::string::npos);
    CHECK(r.verdict.find(CheckId::examine_cross_issuing_state)
              ->message.find("visa seal visa-seal.png#1 issued by UTO, signed under C=UT") !=
          std::string::npos);
    CHECK(r.verdict.find(CheckId::examine_cross_document_number)->message.find(
              "(passport number) L898902C3") != std::string::npos);
    // The same parts in any order give the same verdict.
    std::vector<Item> reversed(d.items.rbegin(), d.items.rend());
    CHECK(run(reversed, d.trust).verdict.outcome == Outcome::valid);
  }

  TEST_CASE("one seal met twice (two photos of one sticker) is examined once") {
    Document d = document(examine::Forgery::none);
    d.items.push_back(*find(d.items, "visa-seal.png"));
    d.items.back().name = "photo-2.png";
    const auto r = run(d.items, d.trust);
    CHECK(r.verdict.outcome == Outcome::valid);
    CHECK(r.seals.size() == 1);
    REQUIRE(r.items.size() == d.items.size());
    CHECK(r.items.back().what.find("seal 1 is the same as visa-seal.png#1") != std::string::npos);
  }

  TEST_CASE("each forgery fails where it belongs") {
    for (const auto forgery : examine::all_forgeries()) {
      if (forgery == examine::Forgery::none) {
        continue;
      }
      CAPTURE(examine::to_string(forgery));
      const Document d = document(forgery);
      const auto r = run(d.items, d.trust);
      CHECK(r.verdict.outcome == Outcome::invalid);
      const auto fails = failed(r);
      CHECK(std::find(fails.begin(), fails.end(), examine::expected_failing_check(forgery)) !=
            fails.end());
    }
    // The careless MRZ forger is caught by the MRZ rules and by DG1; the chip itself is fine.
    const auto mrz = run(document(examine::Forgery::mrz).items, document(examine::Forgery::mrz).trust);
    CHECK(status(mrz, CheckId::examine_chip) == Status::pass);
    CHECK(status(mrz, CheckId::examine_cross_document_number) == Status::fail);
    // A visa copied from another passport: every part genuine, the cross-checks fail.
    const Document copied = document(examine::Forgery::inconsistent);
    const auto r = run(copied.items, copied.trust);
    CHECK(status(r, CheckId::examine_chip) == Status::pass);
    CHECK(status(r, CheckId::examine_seal) == Status::pass);
    CHECK(status(r, CheckId::examine_cross_name) == Status::fail);
    CHECK(status(r, CheckId::examine_cross_birth_date) == Status::fail);
    const Check* number = r.verdict.find(CheckId::examine_cross_document_number);
    CHECK(number->status == Status::fail);
    CHECK(number->expected == "L898902C3");
    CHECK(number->found == "C01X00T47");
  }

  TEST_CASE("a visa seal moved onto a genuine passport of another holder") {
    // The parts of two genuine documents: the passport of the `inconsistent` specimen's
    // holder is ours; its visa belongs to another. Swap the visa in.
    Document ours = document(examine::Forgery::none);
    const Document other = document(examine::Forgery::inconsistent);
    for (const char* name : {"visa-seal.png", "visa-mrz.txt"}) {
      auto* mine = const_cast<Item*>(find(ours.items, name));
      REQUIRE(mine != nullptr);
      *mine = *find(other.items, name);
    }
    const auto r = run(ours.items, ours.trust);
    CHECK(r.verdict.outcome == Outcome::invalid);
    CHECK(status(r, CheckId::examine_cross_document_number) == Status::fail);
  }

  TEST_CASE("without a trusted CSCA the chip and seal prove nothing: indeterminate, never valid") {
    const Document d = document(examine::Forgery::none);
    const pki::TrustStore empty;
    const auto r = run(d.items, empty);
    CHECK(r.verdict.outcome != Outcome::valid);
    // Certificates among the items are not trust anchors.
    std::vector<Item> planted = d.items;
    for (const auto& file : specimen(examine::Forgery::none).trust) {
      planted.push_back(Item{file.name, file.bytes});
    }
    const auto p = run(planted, empty);
    CHECK(p.verdict.outcome != Outcome::valid);
    CHECK(status(p, CheckId::examine_items) == Status::warn);
  }

  TEST_CASE("expiry at the verification time, edges included") {
    const Document d = document(examine::Forgery::expired);
    CHECK(status(run(d.items, d.trust, 1767139200), CheckId::examine_expiry) == Status::pass); // 2025-12-31
    CHECK(status(run(d.items, d.trust, 1767225599), CheckId::examine_expiry) == Status::pass); // 23:59:59
    CHECK(status(run(d.items, d.trust, 1767225600), CheckId::examine_expiry) == Status::fail); // 2026-01-01
  }

  TEST_CASE("cross-checks from MRZ text alone: truncated names agree, other names do not") {
    const pki::TrustStore none;
    // A TD3 with a long name and the MRV-B visa whose shorter name field truncates it.
    mrz::MakeInput input;
    input.format = mrz::Format::td3;
    input.issuing_state = "UTO";
    input.nationality = "UTO";
    input.surname = "VANDERSTEENHOVEN-MACKENZIE";
    input.given_names = "ALEXANDRA CHRISTINA";
    input.document_number = "L898902C3";
    input.birth_date = "1974-08-12";
    input.sex = "F";
    input.expiry_date = "2035-06-30";
    const auto passport = mrz::make(input);
    REQUIRE(passport);
    input.format = mrz::Format::mrv_b;
    input.document_number = "UV0012345";
    input.expiry_date = "2027-06-30";
    const auto visa = mrz::make(input);
    REQUIRE(visa);
    auto join = [](const std::vector<std::string>& lines) { return lines[0] + "\n" + lines[1]; };
    const auto r = run({item("p", join(*passport)), item("v", join(*visa))}, none);
    CHECK(status(r, CheckId::examine_cross_name) == Status::pass);
    CHECK(r.verdict.find(CheckId::examine_cross_name)->message.find("truncated") !=
          std::string::npos);
    CHECK(r.verdict.outcome == Outcome::valid);
    input.given_names = "BEATRICE"; // the 31-character field keeps "BEA" of it
    const auto other = mrz::make(input);
    REQUIRE(other);
    const auto bad = run({item("p", join(*passport)), item("v", join(*other))}, none);
    CHECK(status(bad, CheckId::examine_cross_name) == Status::fail);
    CHECK(bad.verdict.outcome == Outcome::invalid);
  }

  TEST_CASE("not one document: errors") {
    const pki::TrustStore none;
    CHECK(run({}, none).verdict.outcome == Outcome::error);
    CHECK(run({item("junk", "hello world")}, none).verdict.outcome == Outcome::error);
    const auto two = run({item("a", k_td3), item("b", k_td3)}, none);
    CHECK(two.verdict.outcome == Outcome::error);
    CHECK(two.verdict.error->message.find("two printed MRZs") != std::string::npos);
    const Document d = document(examine::Forgery::none);
    std::vector<Item> doubled = d.items;
    doubled.push_back(*find(d.items, "chip/DG1.bin"));
    doubled.back().name = "copy/DG1.bin";
    CHECK(run(doubled, d.trust).verdict.error->message.find("two files for DG1") != std::string::npos);
    std::vector<Item> many(examine::k_max_items + 1, item("x", "x"));
    CHECK(run(many, none).verdict.error->code == ErrorCode::limit_exceeded);
  }
}
