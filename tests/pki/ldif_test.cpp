#include "pki/ldif.hpp"

#include "test_pki.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <set>

using namespace mrtd::pki::test;
using mrtd::ErrorCode;
using mrtd::pki::LdifReader;
using mrtd::pki::PkdItem;

namespace {

struct Collected {
  std::vector<PkdItem> items;
  std::vector<std::string> problems;
  std::size_t entries = 0;
  std::optional<mrtd::Error> error;
};

// Feeds `text` in pieces of `chunk` bytes (0: whole), then finishes.
Collected read_ldif(std::string_view text, std::size_t chunk = 0) {
  Collected out;
  LdifReader reader([&](PkdItem&& item) { out.items.push_back(std::move(item)); },
                    [&](std::string problem) { out.problems.push_back(std::move(problem)); });
  const std::size_t step = chunk == 0 ? std::max<std::size_t>(text.size(), 1) : chunk;
  for (std::size_t at = 0; at < text.size() && !out.error; at += step) {
    if (auto fed = reader.feed(text.substr(at, step)); !fed) {
      out.error = fed.error();
    }
  }
  if (!out.error) {
    if (auto done = reader.finish(); !done) {
      out.error = done.error();
    }
  }
  out.entries = reader.entries();
  return out;
}

std::string base64(const Bytes& bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), bytes.data(),
                                static_cast<int>(bytes.size()));
  out.resize(static_cast<std::size_t>(n));
  return out;
}

// Folds a logical line at 76 columns as the PKD does (continuations start with one space).
std::string fold(const std::string& line) {
  std::string out = line.substr(0, 76);
  for (std::size_t at = 76; at < line.size(); at += 75) {
    out += "\n " + line.substr(at, 75);
  }
  return out + "\n";
}

Bytes pattern(std::size_t size, std::uint8_t seed) {
  Bytes bytes(size);
  for (std::size_t i = 0; i < size; ++i) {
    bytes[i] = static_cast<std::uint8_t>(seed + i * 7);
  }
  return bytes;
}

constexpr const char* k_suffix = "dc=data,dc=download,dc=pkd,dc=icao,dc=int";

} // namespace

TEST_SUITE("pki::ldif") {
  TEST_CASE("the real collection 003 download yields 502 non-conformant DSCs") {
    const auto bytes = read_file(corpus_dir() / "icao-pkd" / "icaopkd-003-complete-000090.ldif");
    if (!bytes) {
      MESSAGE("shared PA corpus absent: skipped");
      return;
    }
    const std::string_view text(reinterpret_cast<const char*>(bytes->data()), bytes->size());
    const Collected whole = read_ldif(text);
    REQUIRE_FALSE(whole.error);
    CHECK(whole.problems.empty());
    CHECK(whole.entries == 534); // 535 records of the README minus `version: 1`
    REQUIRE(whole.items.size() == 502);

    std::map<std::string, int> by_country;
    std::set<std::string> issuer_countries;
    std::set<std::string> codes;
    std::set<std::string> texts;
    std::size_t several_codes = 0;
    std::size_t most_codes = 0;
    std::size_t most_texts = 0;
    for (const PkdItem& item : whole.items) {
      CHECK(item.kind == PkdItem::Kind::certificate);
      CHECK(item.non_conformant);
      REQUIRE(item.country);
      ++by_country[*item.country];
      CHECK(!item.conformance_codes.empty());
      several_codes += item.conformance_codes.size() > 1 ? 1 : 0;
      most_codes = std::max(most_codes, item.conformance_codes.size());
      most_texts = std::max(most_texts, item.conformance_texts.size());
      codes.insert(item.conformance_codes.begin(), item.conformance_codes.end());
      texts.insert(item.conformance_texts.begin(), item.conformance_texts.end());
      CHECK(item.dn.find('\n') == std::string::npos);
      CHECK(item.dn.ends_with(",dc=nc-data,dc=download,dc=pkd,dc=icao,dc=int"));
      const auto info = mrtd::pki::describe_certificate(item.der); // README: all 502 parse
      REQUIRE(info);
      if (info->issuer_country) {
        issuer_countries.insert(*info->issuer_country);
      }
    }
    CHECK(several_codes == 362);
    CHECK(most_codes == 11);
    CHECK(most_texts == 11);
    CHECK(codes.size() == 33);
    CHECK(texts.size() == 35);
    CHECK(by_country["US"] == 128);
    CHECK(by_country["MD"] == 96);
    CHECK(by_country["IE"] == 83);
    CHECK(by_country["IT"] == 46);
    CHECK(by_country["JP"] == 38);
    CHECK(by_country["KR"] == 30);
    CHECK(by_country["TM"] == 27);
    CHECK(by_country["LU"] == 21);
    CHECK(by_country["CN"] == 11);
    CHECK(by_country["UA"] == 5);
    CHECK(by_country["OM"] == 4);
    // The README (and cases.json) say 16 countries and HU 9; the file itself has 13 (DN `c=`
    // and certificate issuer C agree) with HU 12 and DE 1, which is what is asserted.
    CHECK(by_country["HU"] == 12);
    CHECK(by_country["DE"] == 1);
    CHECK(by_country.size() == 13);
    CHECK(issuer_countries.size() == 13);

    SUBCASE("fed in small pieces it reads the same") {
      for (const std::size_t chunk : {std::size_t{777}, std::size_t{1}, std::size_t{4096}}) {
        CAPTURE(chunk);
        if (chunk == 1 && text.size() > 2'000'000) {
          continue;
        }
        const Collected pieces = read_ldif(text, chunk);
        REQUIRE_FALSE(pieces.error);
        CHECK(pieces.entries == whole.entries);
        CHECK(pieces.problems.empty());
        REQUIRE(pieces.items.size() == whole.items.size());
        for (std::size_t i = 0; i < whole.items.size(); ++i) {
          CHECK(pieces.items[i].der == whole.items[i].der);
          CHECK(pieces.items[i].dn == whole.items[i].dn);
          CHECK(pieces.items[i].conformance_codes == whole.items[i].conformance_codes);
          CHECK(pieces.items[i].conformance_texts == whole.items[i].conformance_texts);
        }
      }
    }
  }

  TEST_CASE("folded and base64 DNs, CRLs and both master list spellings are read") {
    const Bytes cert = pattern(300, 1);
    const Bytes crl = pattern(100, 2);
    const Bytes list_new = pattern(200, 3);
    const Bytes list_old = pattern(150, 4);
    const std::string long_dn =
        "cn=C\\=DE\\,O\\=bund\\,OU\\=bsi\\,CN\\=csca-germany+sn=0123456789ABCDEF0123,o=dsc,c=DE," +
        std::string(k_suffix);
    const std::string utf8_dn = "cn=S\xC3\xA3o Tom\xC3\xA9 CSCA,o=dsc,c=st," + std::string(k_suffix);
    const std::string ldif =
        "# ICAO PKD test\nversion: 1\n\n"
        "dn: " + std::string(k_suffix) + "\nobjectClass: domain\ndc: data\n\n" +
        fold("dn: " + long_dn) + "pkdVersion: 7\n" +
        fold("userCertificate;binary:: " + base64(cert)) + "sn: 0123\n\n" +
        fold("dn:: " + base64(Bytes(utf8_dn.begin(), utf8_dn.end()))) +
        "# a comment inside an entry\n" +
        fold("userCertificate;binary:: " + base64(cert)) + "\n\n\n" +
        "dn: cn=CSCA DE,o=crl,c=DE," + k_suffix + "\n" +
        fold("certificateRevocationList;binary:: " + base64(crl)) + "\n" +
        "dn: cn=DE ML,o=ml,c=DE,dc=data,dc=download,dc=pkd,dc=icao,dc=int\n" +
        fold("pkdMasterListContent:: " + base64(list_new)) + "\n" +
        "dn: cn=FR ML,o=ml,c=FR," + k_suffix + "\n" +
        fold("CscaMasterListData:: " + base64(list_old));
    for (const bool crlf : {false, true}) {
      CAPTURE(crlf);
      std::string text = ldif;
      if (crlf) {
        text.clear();
        for (const char c : ldif) {
          text += c == '\n' ? std::string("\r\n") : std::string(1, c);
        }
      }
      const Collected read = read_ldif(text, 13);
      REQUIRE_FALSE(read.error);
      CHECK(read.problems.empty());
      CHECK(read.entries == 6);
      REQUIRE(read.items.size() == 5);
      CHECK(read.items[0].kind == PkdItem::Kind::certificate);
      CHECK(read.items[0].der == cert);
      CHECK(read.items[0].dn == long_dn);
      CHECK(read.items[0].country == "DE"); // the top-level c=, not the escaped one inside cn
      CHECK_FALSE(read.items[0].non_conformant);
      CHECK(read.items[1].dn == utf8_dn);
      CHECK(read.items[1].country == "ST");
      CHECK(read.items[2].kind == PkdItem::Kind::crl);
      CHECK(read.items[2].der == crl);
      CHECK(read.items[3].kind == PkdItem::Kind::master_list);
      CHECK(read.items[3].der == list_new);
      CHECK(read.items[4].kind == PkdItem::Kind::master_list);
      CHECK(read.items[4].der == list_old);
      CHECK(read.items[4].country == "FR");
    }
  }

  TEST_CASE("conformance codes and texts, also base64, stay with their entry") {
    const std::string text = "dn: cn=x+sn=01,o=dsc,c=US,dc=nc-data,dc=download,dc=pkd,dc=icao,dc=int\n"
                             "pkdConformanceText: ERR:DSC:Extension: first\n"
                             "pkdConformanceText:: " + base64(bytes_of("second text")) + "\n"
                             "userCertificate;binary:: AAEC\n"
                             "pkdConformanceCode: ERR:DSC.CDP.14\n"
                             "PKDCONFORMANCECODE: ERR:DSC.AKI.3\n";
    const Collected read = read_ldif(text);
    REQUIRE(read.items.size() == 1);
    CHECK(read.items[0].non_conformant);
    CHECK(read.items[0].der == Bytes{0, 1, 2});
    CHECK(read.items[0].conformance_codes ==
          std::vector<std::string>{"ERR:DSC.CDP.14", "ERR:DSC.AKI.3"});
    CHECK(read.items[0].conformance_texts ==
          std::vector<std::string>{"ERR:DSC:Extension: first", "second text"});
  }

  TEST_CASE("a bad entry is reported with its line and skipped, the next one still read") {
    const std::string text = std::string("version: 1\n\n") +
                             "dn: cn=a,o=dsc,c=DE," + k_suffix + "\n" +   // line 3
                             "userCertificate;binary:: AAE*AAEC\n\n" +     // line 4: bad base64
                             "dn: cn=b,o=dsc,c=DE," + k_suffix + "\n" +   // line 6
                             "userCertificate;binary::\n\n" +              // line 7: no value
                             "dn: cn=c,o=dsc,c=DE," + k_suffix + "\n" +   // line 9
                             "userCertificate;binary:: AAE=\n" +           // 2 bytes, padded
                             "no colon here\n\n" +                          // line 11
                             "dn: cn=d,o=dsc,c=DE," + k_suffix + "\n" +
                             "userCertificate;binary:: AAECAw==\n";
    const Collected read = read_ldif(text, 5);
    REQUIRE_FALSE(read.error);
    CHECK(read.entries == 4);
    REQUIRE(read.problems.size() == 3);
    CHECK(read.problems[0].starts_with("LDIF line 4: "));
    CHECK(read.problems[0].find("base64") != std::string::npos);
    CHECK(read.problems[1].starts_with("LDIF line 7: "));
    CHECK(read.problems[1].find("no value") != std::string::npos);
    CHECK(read.problems[2].starts_with("LDIF line 11: "));
    REQUIRE(read.items.size() == 1);
    CHECK(read.items[0].dn.starts_with("cn=d,"));
    CHECK(read.items[0].der == Bytes{0, 1, 2, 3});
  }

  TEST_CASE("base64 padding and alphabet are checked") {
    const auto item_der = [](const std::string& value) -> std::optional<Bytes> {
      const Collected read = read_ldif("dn: c=DE\nuserCertificate;binary:: " + value + "\n");
      if (read.items.size() != 1) {
        return std::nullopt;
      }
      return read.items[0].der;
    };
    CHECK(item_der("AA==") == Bytes{0});
    CHECK(item_der("AAA=") == Bytes{0, 0});
    CHECK(item_der("AAAA") == Bytes{0, 0, 0});
    CHECK(item_der("AAAA  ") == Bytes{0, 0, 0}); // trailing blanks
    CHECK_FALSE(item_der("AAA"));                // not a multiple of 4
    CHECK_FALSE(item_der("A=AA"));               // `=` inside
    CHECK_FALSE(item_der("A==="));
    CHECK_FALSE(item_der("AA!A"));
  }

  TEST_CASE("a line over the limit is limit_exceeded, whole or in pieces") {
    std::string text = "dn: c=DE\nuserCertificate;binary:: ";
    text += std::string(mrtd::pki::k_max_ldif_line, 'A');
    text += "\n";
    for (const std::size_t chunk : {std::size_t{0}, std::size_t{1 << 20}}) {
      CAPTURE(chunk);
      const Collected read = read_ldif(text, chunk);
      REQUIRE(read.error);
      CHECK(read.error->code == ErrorCode::limit_exceeded);
      CHECK(read.error->message.find("line 2") != std::string::npos);
    }
    SUBCASE("also when the length comes from folding") {
      std::string folded = "dn: c=DE\nuserCertificate;binary:: AAAA\n";
      const std::string piece = " " + std::string(1 << 20, 'A') + "\n";
      for (int i = 0; i < 17; ++i) {
        folded += piece;
      }
      const Collected read = read_ldif(folded);
      REQUIRE(read.error);
      CHECK(read.error->code == ErrorCode::limit_exceeded);
    }
  }

  TEST_CASE("text that is not LDIF is malformed; an empty feed is no entry") {
    const Collected binary = read_ldif("\x30\x82\x01\x00 garbage");
    REQUIRE(binary.error);
    CHECK(binary.error->code == ErrorCode::malformed);
    const Collected attribute_first = read_ldif("objectClass: top\ndn: c=DE\n");
    REQUIRE(attribute_first.error);
    CHECK(attribute_first.error->code == ErrorCode::malformed);
    const Collected empty = read_ldif("");
    CHECK_FALSE(empty.error);
    CHECK(empty.entries == 0);
    const Collected comments = read_ldif("# only\n#  a comment\n\n");
    CHECK_FALSE(comments.error);
    CHECK(comments.entries == 0);
  }

  TEST_CASE("after an error the reader keeps returning it") {
    LdifReader reader([](PkdItem&&) {}, [](std::string) {});
    // A line is judged when the next one shows it is not folded, so the error comes one
    // feed later.
    CHECK(reader.feed("not ldif\n"));
    const auto second = reader.feed("dn: c=DE\n");
    REQUIRE_FALSE(second);
    CHECK(second.error().code == ErrorCode::malformed);
    CHECK_FALSE(reader.feed("dn: c=FR\n\n"));
    CHECK_FALSE(reader.finish());
    CHECK(reader.entries() == 0);
  }
}
