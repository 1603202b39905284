// make_pkd_specimen(): the master list verifies against csca.pem and every list corruption is
// rejected by read_master_list; the three LDIF collections read back with LdifReader, and the
// broken LDIF variants lose only their broken entry.

#include "chip/specimen.hpp"
#include "pki/detail/ossl.hpp"
#include "pki/ldif.hpp"
#include "pki/master_list.hpp"
#include "pki/trust_store.hpp"

#include <doctest/doctest.h>
#include <openssl/pem.h>

#include <set>
#include <string>

using namespace mrtd::chip;
namespace pki = mrtd::pki;
namespace ossl = mrtd::pki::detail;

namespace {

using Bytes = std::vector<std::uint8_t>;

// 2026-11-29: after the signing time, inside every validity period.
const mrtd::UnixTime k_now = mrtd::to_unix_time(mrtd::CivilDate{2026, 11, 29});
const std::string k_suffix = ",dc=download,dc=pkd,dc=icao,dc=int";

const Bytes& file_of(const Specimen& specimen, std::string_view name) {
  const SpecimenFile* file = specimen.find(name);
  REQUIRE_MESSAGE(file != nullptr, name);
  return file->bytes;
}

std::string text_of(const Specimen& specimen, std::string_view name) {
  const Bytes& bytes = file_of(specimen, name);
  return std::string(bytes.begin(), bytes.end());
}

Bytes pem_to_der(const Bytes& pem) {
  ossl::BioPtr bio = ossl::memory_bio(pem.data(), pem.size());
  ossl::X509Ptr cert(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
  REQUIRE(cert);
  unsigned char* der = nullptr;
  const int size = i2d_X509(cert.get(), &der);
  REQUIRE(size > 0);
  Bytes out(der, der + size);
  OPENSSL_free(der);
  return out;
}

std::optional<std::string> key_of(const Specimen& specimen, const std::string& stem) {
  const SpecimenFile* file = specimen.find(stem + ".TEST-ONLY.key.pem");
  if (file == nullptr) {
    return std::nullopt;
  }
  return std::string(file->bytes.begin(), file->bytes.end());
}

/// The genuine specimen, generated once (RSA key generation is the slow part), plus a rogue
/// key for the corruptions that need one.
const Specimen& genuine() {
  static const Specimen specimen = [] {
    PkdSpecimenOptions options;
    options.corrupt = {PkdCorruption::signer_foreign_csca}; // only to get a rogue key
    auto with_rogue = make_pkd_specimen(options);
    REQUIRE(with_rogue);
    PkdSpecimenOptions plain;
    plain.keys.csca = key_of(*with_rogue, "csca");
    plain.keys.ml_signer = key_of(*with_rogue, "mlsigner");
    plain.keys.dsc = key_of(*with_rogue, "dsc");
    plain.keys.nc_dsc = key_of(*with_rogue, "dsc-nc");
    plain.keys.foreign_csca = key_of(*with_rogue, "foreign-csca");
    plain.keys.rogue_csca = key_of(*with_rogue, "rogue-csca");
    auto made = make_pkd_specimen(plain);
    REQUIRE(made);
    Specimen out = std::move(*made);
    // Keep the rogue key with the others (make_pkd_specimen writes it only when used).
    out.files.push_back(*with_rogue->find("rogue-csca.TEST-ONLY.key.pem"));
    return out;
  }();
  return specimen;
}

PkdSpecimenOptions reusing_keys() {
  const Specimen& base = genuine();
  PkdSpecimenOptions options;
  options.keys.csca = key_of(base, "csca");
  options.keys.ml_signer = key_of(base, "mlsigner");
  options.keys.dsc = key_of(base, "dsc");
  options.keys.nc_dsc = key_of(base, "dsc-nc");
  options.keys.foreign_csca = key_of(base, "foreign-csca");
  options.keys.rogue_csca = key_of(base, "rogue-csca");
  return options;
}

Specimen corrupted(PkdCorruption corruption) {
  PkdSpecimenOptions options = reusing_keys();
  options.corrupt = {corruption};
  auto made = make_pkd_specimen(options);
  REQUIRE(made);
  return std::move(*made);
}

pki::TrustStore anchor_of(const Specimen& specimen) {
  pki::TrustStore anchors;
  REQUIRE(anchors.add(file_of(specimen, "csca.pem"), "csca.pem"));
  return anchors;
}

struct Collected {
  std::vector<pki::PkdItem> items;
  std::vector<std::string> problems;
  std::size_t entries = 0;
  bool error = false;
};

/// Reads `text` through LdifReader in pieces of `piece` bytes (0: whole).
Collected read_ldif(const std::string& text, std::size_t piece = 0) {
  Collected out;
  pki::LdifReader reader([&](pki::PkdItem&& item) { out.items.push_back(std::move(item)); },
                         [&](std::string problem) { out.problems.push_back(std::move(problem)); });
  const std::size_t step = piece == 0 ? std::max<std::size_t>(text.size(), 1) : piece;
  for (std::size_t at = 0; at < text.size() && !out.error; at += step) {
    out.error = !reader.feed(std::string_view(text).substr(at, step));
  }
  out.error = out.error || !reader.finish();
  out.entries = reader.entries();
  return out;
}

std::set<std::string> subject_countries(const pki::MasterList& list) {
  std::set<std::string> countries;
  for (const Bytes& der : list.certificates) {
    const auto info = pki::describe_certificate(der);
    REQUIRE(info);
    countries.insert(info->subject_country.value_or("?"));
  }
  return countries;
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

} // namespace

TEST_SUITE("chip::specimen_pkd") {
  TEST_CASE("the files, in order, with the keys last") {
    const Specimen& specimen = genuine();
    std::vector<std::string> names;
    for (const SpecimenFile& file : specimen.files) {
      names.push_back(file.name);
      CHECK_MESSAGE(file.secret == contains(file.name, ".TEST-ONLY.key.pem"), file.name);
      CHECK_MESSAGE(!file.bytes.empty(), file.name);
    }
    CHECK(names == std::vector<std::string>{
                       "csca.pem", "mlsigner.pem", "dsc.pem", "dsc-nc.pem", "crl.pem", "UT_ML.ml",
                       "icaopkd-001-specimen.ldif", "icaopkd-002-specimen.ldif",
                       "icaopkd-003-specimen.ldif", "csca.TEST-ONLY.key.pem",
                       "mlsigner.TEST-ONLY.key.pem", "dsc.TEST-ONLY.key.pem",
                       "dsc-nc.TEST-ONLY.key.pem", "foreign-csca.TEST-ONLY.key.pem",
                       "rogue-csca.TEST-ONLY.key.pem"});
  }

  TEST_CASE("given keys give identical bytes") {
    auto again = make_pkd_specimen(reusing_keys());
    REQUIRE(again);
    for (const SpecimenFile& file : again->files) {
      CHECK_MESSAGE(file.bytes == file_of(genuine(), file.name), file.name);
    }
  }

  TEST_CASE("the CSCA, DSC and CRL equal those of the chip specimen with the same keys") {
    SpecimenOptions chip;
    chip.keys.csca = key_of(genuine(), "csca");
    chip.keys.dsc = key_of(genuine(), "dsc");
    const auto made = make_specimen(chip);
    REQUIRE(made);
    for (const char* name : {"csca.pem", "dsc.pem", "crl.pem"}) {
      CHECK_MESSAGE(file_of(*made, name) == file_of(genuine(), name), name);
    }
  }

  TEST_CASE("the genuine master list verifies against csca.pem") {
    const Specimen& specimen = genuine();
    const auto list =
        pki::read_master_list(file_of(specimen, "UT_ML.ml"), anchor_of(specimen), k_now);
    REQUIRE(list);
    CAPTURE(list->signature_message);
    CHECK(list->signature == pki::ListSignature::verified);
    CHECK_FALSE(list->anchored_in_list);
    CHECK(list->problems.empty());
    CHECK(list->certificates.size() == 2);
    CHECK(subject_countries(*list) == std::set<std::string>{"NL", "UT"});
    const Bytes csca = pem_to_der(file_of(specimen, "csca.pem"));
    CHECK(std::count(list->certificates.begin(), list->certificates.end(), csca) == 1);
    CHECK(list->country == "UT");
    CHECK(list->signing_time == "2025-07-01T12:00:00Z");
    REQUIRE(list->signer);
    CHECK(list->signer->subject ==
          "CN=Utopia Master List Signer,OU=Passport Office,O=Government of Utopia,C=UT");
    CHECK(list->signer->extended_key_usage == std::vector<std::string>{"2.23.136.1.1.3"});
    REQUIRE(list->anchor);
    CHECK(list->anchor->subject == "CN=Utopia CSCA,OU=Passport Office,O=Government of Utopia,C=UT");

    SUBCASE("without anchors it is only self-consistent") {
      const auto alone =
          pki::read_master_list(file_of(specimen, "UT_ML.ml"), pki::TrustStore{}, k_now);
      REQUIRE(alone);
      CHECK(alone->signature == pki::ListSignature::verified);
      CHECK(alone->anchored_in_list);
    }
  }

  TEST_CASE("every master list corruption is invalid, with or without the anchor") {
    struct Case {
      PkdCorruption corruption;
      const char* reason;
      std::size_t certificates;
    };
    const Case cases[] = {
        {PkdCorruption::list_signature, "signature does not verify", 2},
        {PkdCorruption::list_content, "messageDigest does not match", 3},
        {PkdCorruption::signer_without_eku, "2.23.136.1.1.3", 2},
        {PkdCorruption::signer_foreign_csca, "does not chain", 2},
    };
    for (const Case& c : cases) {
      CAPTURE(to_string(c.corruption));
      const Specimen specimen = corrupted(c.corruption);
      // The anchor is the genuine CSCA in every variant.
      CHECK(file_of(specimen, "csca.pem") == file_of(genuine(), "csca.pem"));
      CHECK(file_of(specimen, "UT_ML.ml") != file_of(genuine(), "UT_ML.ml"));
      for (const bool anchored : {true, false}) {
        CAPTURE(anchored);
        const auto list =
            pki::read_master_list(file_of(specimen, "UT_ML.ml"),
                                  anchored ? anchor_of(specimen) : pki::TrustStore{}, k_now);
        REQUIRE(list);
        CAPTURE(list->signature_message);
        CHECK(list->signature == pki::ListSignature::invalid);
        CHECK(contains(list->signature_message, c.reason));
        CHECK(list->certificates.size() == c.certificates);
      }
      // 002 carries the same (corrupted) list.
      const Collected ldif = read_ldif(text_of(specimen, "icaopkd-002-specimen.ldif"));
      REQUIRE(ldif.items.size() == 1);
      CHECK(ldif.items[0].der == file_of(specimen, "UT_ML.ml"));
      // The LDIF files with certificates are untouched.
      CHECK(file_of(specimen, "icaopkd-001-specimen.ldif") ==
            file_of(genuine(), "icaopkd-001-specimen.ldif"));
    }
  }

  TEST_CASE("collection 001: the DSC and the CRL of Utopia") {
    const Specimen& specimen = genuine();
    const std::string text = text_of(specimen, "icaopkd-001-specimen.ldif");
    for (const std::size_t piece : {std::size_t{0}, std::size_t{7}}) {
      CAPTURE(piece);
      const Collected read = read_ldif(text, piece);
      CHECK_FALSE(read.error);
      CHECK(read.problems.empty());
      CHECK(read.entries == 6); // dc=data, c=UT, o=dsc, o=crl, the DSC, the CRL
      REQUIRE(read.items.size() == 2);
      CHECK(read.items[0].kind == pki::PkdItem::Kind::certificate);
      CHECK(read.items[0].der == pem_to_der(file_of(specimen, "dsc.pem")));
      CHECK(read.items[0].dn ==
            "cn=C\\=UT\\,O\\=Government of Utopia\\,OU\\=Passport Office\\,CN\\=Utopia CSCA"
            "+sn=05C00001,o=dsc,c=UT,dc=data" +
                k_suffix);
      CHECK(read.items[1].kind == pki::PkdItem::Kind::crl);
      CHECK(read.items[1].dn.ends_with(",o=crl,c=UT,dc=data" + k_suffix));
      for (const pki::PkdItem& item : read.items) {
        CHECK(item.country == "UT");
        CHECK_FALSE(item.non_conformant);
        CHECK(item.conformance_codes.empty());
      }
    }
    // Folded at 76 columns, the DN too.
    std::size_t longest = 0;
    std::size_t start = 0;
    for (std::size_t end = text.find('\n'); end != std::string::npos;
         start = end + 1, end = text.find('\n', start)) {
      longest = std::max(longest, end - start);
    }
    CHECK(longest == 76);
    CHECK(contains(text, "CN\\=Utopia CSCA+\n sn=05C00001,o=dsc,c=UT,"));
  }

  TEST_CASE("collection 002: the master list") {
    const Specimen& specimen = genuine();
    const Collected read = read_ldif(text_of(specimen, "icaopkd-002-specimen.ldif"));
    CHECK_FALSE(read.error);
    CHECK(read.problems.empty());
    REQUIRE(read.items.size() == 1);
    CHECK(read.items[0].kind == pki::PkdItem::Kind::master_list);
    CHECK(read.items[0].der == file_of(specimen, "UT_ML.ml"));
    CHECK(read.items[0].country == "UT");
    CHECK(read.items[0].dn.ends_with(",o=ml,c=UT,dc=data" + k_suffix));
  }

  TEST_CASE("collection 003: a non-conformant DSC with two findings") {
    const Specimen& specimen = genuine();
    const Collected read = read_ldif(text_of(specimen, "icaopkd-003-specimen.ldif"));
    CHECK_FALSE(read.error);
    CHECK(read.problems.empty());
    REQUIRE(read.items.size() == 1);
    const pki::PkdItem& item = read.items[0];
    CHECK(item.kind == pki::PkdItem::Kind::certificate);
    CHECK(item.der == pem_to_der(file_of(specimen, "dsc-nc.pem")));
    CHECK(item.der != pem_to_der(file_of(specimen, "dsc.pem")));
    CHECK(item.country == "UT");
    CHECK(item.non_conformant);
    CHECK(item.dn.ends_with(",o=dsc,c=UT,dc=nc-data" + k_suffix));
    CHECK(item.conformance_codes == std::vector<std::string>{"ERR:DSC.CDP.14", "ERR:DSC.DTL.14"});
    REQUIRE(item.conformance_texts.size() == 2);
    CHECK(contains(item.conformance_texts[0], "CRLDistributionPoints"));
    CHECK(contains(item.conformance_texts[1], "DocumentTypeList"));
  }

  TEST_CASE("ldif_bad_base64: the DSC entry is reported, the CRL still read") {
    const Specimen specimen = corrupted(PkdCorruption::ldif_bad_base64);
    CHECK(file_of(specimen, "UT_ML.ml") == file_of(genuine(), "UT_ML.ml"));
    const Collected read = read_ldif(text_of(specimen, "icaopkd-001-specimen.ldif"));
    CHECK_FALSE(read.error);
    REQUIRE(read.problems.size() == 1);
    CHECK(contains(read.problems[0], "not valid base64"));
    CHECK(contains(read.problems[0], "sn=05C00001"));
    CHECK(read.entries == 6);
    REQUIRE(read.items.size() == 1);
    CHECK(read.items[0].kind == pki::PkdItem::Kind::crl);
  }

  TEST_CASE("ldif_truncated: the complete entries read, the cut one reported") {
    const Specimen specimen = corrupted(PkdCorruption::ldif_truncated);
    const std::string text = text_of(specimen, "icaopkd-001-specimen.ldif");
    CHECK(text.back() != '\n');
    CHECK(text.size() < file_of(genuine(), "icaopkd-001-specimen.ldif").size());
    for (const std::size_t piece : {std::size_t{0}, std::size_t{5}}) {
      CAPTURE(piece);
      const Collected read = read_ldif(text, piece);
      CHECK_FALSE(read.error);
      REQUIRE(read.problems.size() == 1);
      CHECK(contains(read.problems[0], "certificateRevocationList"));
      REQUIRE(read.items.size() == 1);
      CHECK(read.items[0].kind == pki::PkdItem::Kind::certificate);
      CHECK(read.items[0].der == pem_to_der(file_of(specimen, "dsc.pem")));
    }
  }

  TEST_CASE("every prefix of the 001 download reads without error or crash") {
    const std::string text = text_of(genuine(), "icaopkd-001-specimen.ldif");
    const Bytes dsc = pem_to_der(file_of(genuine(), "dsc.pem"));
    for (std::size_t size = 0; size <= text.size(); size += 13) {
      CAPTURE(size);
      const Collected read = read_ldif(text.substr(0, size));
      CHECK_FALSE(read.error);
      CHECK(read.items.size() <= 2);
      for (const pki::PkdItem& item : read.items) {
        // A value cut at a multiple of 4 base64 characters still decodes: a shorter DER
        // (the reader does not parse it; `pki import` rejects it).
        if (item.kind == pki::PkdItem::Kind::certificate) {
          CHECK((item.der == dsc || item.der.size() < dsc.size()));
        }
      }
    }
  }

  TEST_CASE("names, parsing and bad options") {
    for (const PkdCorruption corruption : all_pkd_corruptions()) {
      CHECK(parse_pkd_corruption(to_string(corruption)) == corruption);
      CHECK_FALSE(pkd_corrupted_files(corruption, "UT").empty());
    }
    CHECK(all_pkd_corruptions().size() == 6);
    CHECK_FALSE(parse_pkd_corruption("signature"));
    CHECK(pkd_corrupted_files(PkdCorruption::list_content, "UT") ==
          std::vector<std::string>{"UT_ML.ml", "icaopkd-002-specimen.ldif"});

    PkdSpecimenOptions options = reusing_keys();
    options.country = "Utopia";
    CHECK(make_pkd_specimen(options).error().code == mrtd::ErrorCode::invalid_argument);
    options = reusing_keys();
    options.signer_not_after = options.signer_not_before;
    CHECK(make_pkd_specimen(options).error().code == mrtd::ErrorCode::invalid_argument);
    options = reusing_keys();
    options.keys.dsc = "not a key";
    CHECK(make_pkd_specimen(options).error().code == mrtd::ErrorCode::invalid_argument);
  }
}
