#include "barcode/jcs.hpp"
#include "barcode/vdsnc.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

using namespace mrtd::barcode;

namespace {

const std::filesystem::path k_corpus =
    std::filesystem::path(MRTD_SOURCE_DIR) / ".." / "shared" / "corpus" / "barcodes";

std::string read(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

ByteView bytes_of(const std::string& s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

std::string text_of(const Bytes& b) {
  return {b.begin(), b.end()};
}

std::string value(const Payload& p, std::string_view name) {
  for (const auto* list : {&p.header, &p.fields}) {
    for (const Field& f : *list) {
      if (f.name == name) {
        return f.value;
      }
    }
  }
  return "<absent>";
}

// uto_pathcheck_valid.json's `data` in RFC 8785 form: its members arrive in another order
// (barcodes.md P13). Checked against Python json.dumps(sort_keys, compact separators).
constexpr std::string_view k_uto_canonical =
    R"({"hdr":{"is":"UTO","t":"icao.vacc","v":1},"msg":{"pid":{"ai":"L4567890Z","dob":"1990-01-02",)"
    R"("i":"A1234567Z","n":"Smith Bill","sex":"M"},"uvci":"U32870","ve":[{"des":"XM68M6",)"
    R"("dis":"RA01.0","nam":"Comirnaty","vd":[{"adm":"RIVM","ctr":"UTO","dvc":"2021-03-03",)"
    R"("dvn":"2021-03-24","lot":"VC35679","seq":1},{"adm":"RIVM","ctr":"UTO","dvc":"2021-03-24",)"
    R"("lot":"VC87540","seq":2}]}]}})";

const std::string k_data = R"({"msg":{"uvci":"U1","pid":{"n":"A  B","dob":"1990-01-02"}},)"
                           R"("hdr":{"v":1,"t":"icao.vacc","is":"UTO"}})";

} // namespace

TEST_SUITE("barcode::vdsnc") {
  TEST_CASE("corpus documents decode with the README's header and person data") {
    const struct {
      const char* path;
      const char* type;
      const char* state;
      const char* id_field;
      const char* id;
      const char* name;
      const char* dob;
    } cases[] = {
        {"vdsnc/au_android_valid.json", "icao.vacc", "AUS", "msg.uvci", "VB0009990025",
         "CITIZEN  JOHN", "2004-03-20"},
        {"vdsnc/au_android_invalid_name_tampered.json", "icao.vacc", "AUS", "msg.uvci",
         "VB0009990025", "CITIZEN  JOHNX", "2004-03-20"},
        {"vdsnc/au_ios_valid.json", "icao.vacc", "AUS", "msg.uvci", "VB0009990038",
         "CITIZEN  JANE CATHERINE", "1977-05-16"},
        {"vdsnc/au_ios_invalid_name_tampered.json", "icao.vacc", "AUS", "msg.uvci", "VB0009990038",
         "CITIZEN  JANEX CATHERINE", "1977-05-16"},
        {"vdsnc/au_dotnet_valid.json", "icao.vacc", "AUS", "msg.uvci", "VB0009990012",
         "CITIZEN  JANE SUE", "1961-05-15"},
        {"vdsnc/uto_pathcheck_valid.json", "icao.vacc", "UTO", "msg.uvci", "U32870", "Smith Bill",
         "1990-01-02"},
        {"kurzdigital-vds-jvm/vdsnc/proof_of_test.json", "icao.test", "UTO", "msg.utci", "U01932",
         "Cook Gerald", "1990-01-29"},
        {"kurzdigital-vds-jvm/vdsnc/proof_of_vaccination.json", "icao.vacc", "UTO", "msg.uvci",
         "U32870", "Smith Bill", "<absent>"},
        {"kurzdigital-vds-jvm/vdsnc/proof_of_vaccination_aus.json", "icao.vacc", "AUS", "msg.uvci",
         "VB0009990012", "CITIZEN  JANE SUE", "1961-05-15"},
    };
    if (!std::filesystem::exists(k_corpus / "vdsnc")) {
      MESSAGE("VDS-NC corpus not found under " << k_corpus.string() << ": skipped");
      return;
    }
    for (const auto& c : cases) {
      const std::string path = c.path;
      CAPTURE(path);
      const std::string text = read(k_corpus / c.path);
      auto p = decode_vdsnc(bytes_of(text));
      REQUIRE(p);
      CHECK(p->kind == PayloadKind::vds_nc);
      CHECK(p->profile == c.type);
      CHECK(p->issuing_state == c.state);
      CHECK(value(*p, "hdr.v") == "1");
      CHECK(value(*p, c.id_field) == c.id);
      CHECK(value(*p, "msg.pid.n") == c.name);
      CHECK(value(*p, "msg.pid.dob") == c.dob);
      CHECK(p->problems.empty());
      CHECK(p->fields.at(0).name == "msg");
      CHECK(p->fields.at(0).kind == Field::Kind::json);
      REQUIRE(p->signature);
      CHECK(p->signature->algorithm == SignatureAlgorithm::ecdsa_sha256);
      CHECK(p->signature->signature.size() == 64); // P-256 r||s
      REQUIRE(p->signature->certificate);
      CHECK(p->signature->certificate->at(0) == 0x30); // a DER SEQUENCE
      CHECK(p->signature->reference_kind == ReferenceKind::none);
      const std::string signed_text = text_of(p->signature->signed_data);
      CHECK(signed_text.find(std::string(R"({"hdr":{"is":")") + c.state + R"(","t":")" + c.type +
                             R"(","v":1},"msg":{)") == 0);
      CHECK(signed_text.find('\n') == std::string::npos);
    }
  }

  TEST_CASE("P13: the signed data is the canonical form, whatever the received order") {
    const std::string text = read(k_corpus / "vdsnc/uto_pathcheck_valid.json");
    if (text.empty()) {
      MESSAGE("VDS-NC corpus not found: skipped");
      return;
    }
    auto p = decode_vdsnc(bytes_of(text));
    REQUIRE(p);
    CHECK(text_of(p->signature->signed_data) == k_uto_canonical);
    CHECK(value(*p, "msg.pid.i") == "A1234567Z");
  }

  TEST_CASE("the AU signer certificate is the one in sig.cer; QR text and pretty file agree") {
    const std::string bsc = read(k_corpus / "vdsnc/au_bsc_DFAT_18AD.der");
    const std::string pretty = read(k_corpus / "vdsnc/au_ios_valid.json");
    const std::string compact = read(k_corpus / "generated/vdsnc-qr/au_ios_valid.txt");
    if (bsc.empty() || pretty.empty() || compact.empty()) {
      MESSAGE("VDS-NC corpus not found: skipped");
      return;
    }
    auto a = decode_vdsnc(bytes_of(pretty));
    auto b = decode_vdsnc(bytes_of(compact));
    REQUIRE(a);
    REQUIRE(b);
    CHECK(text_of(*a->signature->certificate) == bsc);
    CHECK(a->signature->signed_data == b->signature->signed_data);
    CHECK(a->signature->signature == b->signature->signature);
    // The tampered twin differs exactly in the name.
    auto t = decode_vdsnc(bytes_of(read(k_corpus / "vdsnc/au_ios_invalid_name_tampered.json")));
    REQUIRE(t);
    CHECK(t->signature->signed_data != a->signature->signed_data);
    std::string patched = text_of(a->signature->signed_data);
    patched.replace(patched.find("JANE"), 4, "JANEX");
    CHECK(text_of(t->signature->signed_data) == patched);
  }

  TEST_CASE("builder round trip") {
    const Bytes cert = {0x30, 0x03, 0x02, 0x01, 0x05};
    const Bytes rs(96, 0xA5);
    auto signed_data = vdsnc_signed_data(k_data);
    REQUIRE(signed_data);
    CHECK(*signed_data == R"({"hdr":{"is":"UTO","t":"icao.vacc","v":1},"msg":{"pid":{"dob":)"
                          R"("1990-01-02","n":"A  B"},"uvci":"U1"}})");
    auto doc = vdsnc_document(k_data, SignatureAlgorithm::ecdsa_sha384, cert, rs);
    REQUIRE(doc);
    CHECK(doc->find(R"(,"sig":{"alg":"ES384","cer":"MAMCAQU","sigvl":")") != std::string::npos);
    auto p = decode_vdsnc(bytes_of(*doc));
    REQUIRE(p);
    CHECK(text_of(p->signature->signed_data) == *signed_data);
    CHECK(p->signature->algorithm == SignatureAlgorithm::ecdsa_sha384);
    CHECK(p->signature->certificate == cert);
    CHECK(p->signature->signature == rs);
    CHECK(value(*p, "msg.pid.n") == "A  B");
    CHECK(value(*p, "msg.uvci") == "U1");
    CHECK(*jcs_canonicalize(*doc) == *doc); // the whole document is canonical too

    CHECK(vdsnc_document(k_data, SignatureAlgorithm::rsassa_pss_sha256, cert, rs).error().code ==
          mrtd::ErrorCode::invalid_argument);
    CHECK_FALSE(vdsnc_document(k_data, SignatureAlgorithm::ecdsa_sha256, {}, rs));
    CHECK(vdsnc_signed_data(R"({"hdr":{}})").error().code == mrtd::ErrorCode::invalid_argument);
    CHECK(vdsnc_signed_data(R"({"hdr":{},"hdr":{},"msg":{}})").error().code ==
          mrtd::ErrorCode::malformed);
  }

  TEST_CASE("padding, alphabets, unknown algorithms and missing members") {
    const auto doc = [](const std::string& alg, const std::string& cer, const std::string& sig) {
      return R"({"data":)" + k_data + R"(,"sig":{"alg":")" + alg + R"(","cer":")" + cer +
             R"(","sigvl":")" + sig + R"("}})";
    };
    auto padded = decode_vdsnc(bytes_of(doc("ES256", "MAMCAQU=", "AAEC")));
    REQUIRE(padded);
    CHECK(padded->signature->certificate == Bytes{0x30, 0x03, 0x02, 0x01, 0x05});
    CHECK(padded->quirks.empty());
    auto standard = decode_vdsnc(bytes_of(doc("ES512", "+/8", "AAEC")));
    REQUIRE(standard);
    CHECK(standard->signature->certificate == Bytes{0xFB, 0xFF});
    CHECK(standard->quirks.size() == 1);
    auto unknown = decode_vdsnc(bytes_of(doc("PS256", "MAMCAQU", "AAEC")));
    REQUIRE(unknown);
    CHECK_FALSE(unknown->signature.has_value());
    CHECK(unknown->problems.size() == 1);
    CHECK_FALSE(decode_vdsnc(bytes_of(doc("ES256", "MAMCAQ=U", "AAEC"))));
    CHECK_FALSE(decode_vdsnc(bytes_of(doc("ES256", "M", "AAEC"))));
    CHECK_FALSE(decode_vdsnc(bytes_of(doc("ES256", "MA*C", "AAEC"))));
    CHECK_FALSE(decode_vdsnc(bytes_of(std::string(R"({"data":)") + k_data + "}")));
    CHECK_FALSE(
        decode_vdsnc(bytes_of(std::string(R"({"data":{"hdr":{"t":"x","v":1}},"sig":{}})"))));
    CHECK_FALSE(decode_vdsnc(bytes_of(std::string(R"({"data":1,"sig":{}})"))));
    // An empty seal type names no profile (fuzz finding, regressions/vdsnc/empty_type).
    std::string untyped = doc("ES256", "MAMCAQU", "AAEC");
    const auto type_at = untyped.find(R"("t":")");
    REQUIRE(type_at != std::string::npos);
    untyped.replace(type_at, untyped.find('"', type_at + 5) + 1 - type_at, R"("t":"")");
    const auto no_type = decode_vdsnc(bytes_of(untyped));
    REQUIRE_FALSE(no_type);
    CHECK(no_type.error().message.find("hdr.t") != std::string::npos);
    CHECK_FALSE(decode_vdsnc(bytes_of(std::string("[1,2]"))));
    // A duplicate name could show one value and sign another: refused.
    CHECK_FALSE(decode_vdsnc(bytes_of(doc("ES256", "MAMCAQU", "AAEC\",\"alg\":\"ES384"))));
    auto extra = decode_vdsnc(bytes_of(R"({"x":1,)" + doc("ES256", "MAMCAQU", "AAEC").substr(1)));
    REQUIRE(extra);
    CHECK(extra->quirks.size() == 1);
  }

  TEST_CASE("truncation at every length never crashes") {
    const std::string text = read(k_corpus / "kurzdigital-vds-jvm/vdsnc/proof_of_test.json");
    std::string source = text.empty() ? R"({"data":)" + k_data + "}" : text;
    while (!source.empty() && source.back() == '\n') {
      source.pop_back(); // the file ends with a newline: the prefix without it is complete
    }
    for (std::size_t n = 0; n < source.size(); ++n) {
      auto p = decode_vdsnc(bytes_of(source.substr(0, n)));
      CHECK_FALSE(p);
    }
  }
}
