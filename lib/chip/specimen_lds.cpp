// Specimen LDS files (ICAO Doc 9303-10 §4.6-4.7) and the small DER writer they share.

#include "chip/detail/specimen_parts.hpp"

#include <openssl/err.h>
#include <openssl/objects.h>
#include <openssl/x509.h>

#include <array>
#include <climits>

namespace mrtd::chip::detail {

namespace {

void append(Bytes& out, ByteView part) {
  out.insert(out.end(), part.begin(), part.end());
}

ByteView view(const std::string& text) {
  return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}

/// The file tag of data group `dg` (9303-10 Table 35), for EF.COM's tag list.
std::uint8_t dg_tag(int dg) {
  switch (dg) {
  case 1:
    return 0x61;
  case 2:
    return 0x75;
  case 3:
    return 0x63;
  case 4:
    return 0x76;
  default:
    return static_cast<std::uint8_t>(0x65 + (dg - 5)); // DG5..DG16: 0x65..0x70
  }
}

} // namespace

Bytes tlv(std::uint32_t tag, ByteView value) {
  Bytes out;
  bool started = false;
  for (int shift = 24; shift >= 0; shift -= 8) {
    const auto byte = static_cast<std::uint8_t>(tag >> shift);
    if (byte != 0 || started || shift == 0) {
      out.push_back(byte);
      started = true;
    }
  }
  const std::size_t size = value.size();
  if (size < 0x80) {
    out.push_back(static_cast<std::uint8_t>(size));
  } else {
    int count = 0;
    for (std::size_t rest = size; rest != 0; rest >>= 8) {
      ++count;
    }
    out.push_back(static_cast<std::uint8_t>(0x80 + count));
    for (int i = count - 1; i >= 0; --i) {
      out.push_back(static_cast<std::uint8_t>(size >> (8 * i)));
    }
  }
  append(out, value);
  return out;
}

Bytes tlv(std::uint32_t tag, const std::string& value) {
  return tlv(tag, view(value));
}

Bytes concat(std::initializer_list<ByteView> parts) {
  Bytes out;
  for (ByteView part : parts) {
    append(out, part);
  }
  return out;
}

Bytes der_small_integer(unsigned value) {
  Bytes content;
  for (int shift = 24; shift >= 0; shift -= 8) {
    const auto byte = static_cast<std::uint8_t>(value >> shift);
    if (byte != 0 || !content.empty() || shift == 0) {
      if (content.empty() && (byte & 0x80) != 0) {
        content.push_back(0); // keep it positive
      }
      content.push_back(byte);
    }
  }
  return tlv(0x02, content);
}

Bytes der_oid(const char* dotted) {
  pki::detail::Asn1ObjectPtr object(OBJ_txt2obj(dotted, 1));
  if (!object) {
    ERR_clear_error();
    return {};
  }
  unsigned char* der = nullptr;
  const int size = i2d_ASN1_OBJECT(object.get(), &der);
  if (size <= 0) {
    return {};
  }
  Bytes out(der, der + size);
  OPENSSL_free(der);
  return out;
}

Bytes make_com(const std::vector<int>& dgs) {
  Bytes tags;
  for (int dg : dgs) {
    tags.push_back(dg_tag(dg));
  }
  // LDS 1.7, Unicode 4.0.0 (9303-10 §4.6.1).
  return tlv(0x60, concat({tlv(0x5F01, std::string("0107")), tlv(0x5F36, std::string("040000")),
                           tlv(0x5C, tags)}));
}

Bytes make_dg1(const std::vector<std::string>& mrz_lines) {
  std::string joined;
  for (const std::string& line : mrz_lines) {
    joined += line;
  }
  return tlv(0x61, tlv(0x5F1F, joined));
}

Bytes make_dg2(char sex) {
  // A complete baseline JPEG (ITU-T T.81) of an 8x8 flat grey (128) image, one component:
  // every DCT coefficient is zero, so one Huffman code of length 1 per table suffices and the
  // scan is two '0' bits (DC difference category 0, then EOB) padded with '1' bits: 0x3F.
  Bytes jpeg = {0xFF, 0xD8,                                           // SOI
                0xFF, 0xE0, 0x00, 0x10, 'J',  'F',  'I',  'F',  0x00, // APP0 JFIF 1.01,
                0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, // aspect 1:1, no thumbnail
                0xFF, 0xDB, 0x00, 0x43, 0x00};                        // DQT table 0, 8-bit
  jpeg.insert(jpeg.end(), 64, 0x01);                                  // all quantisers 1
  const std::array<std::uint8_t, 13> sof0 = {0xFF, 0xC0, 0x00, 0x0B, 0x08, // SOF0, 8 bits
                                             0x00, 0x08, 0x00, 0x08,       // 8 lines, 8 columns
                                             0x01, 0x01, 0x11, 0x00};      // Y: 1x1, table 0
  append(jpeg, sof0);
  for (const std::uint8_t table_class : {std::uint8_t{0x00}, std::uint8_t{0x10}}) { // DC0, AC0
    const std::array<std::uint8_t, 5> head = {0xFF, 0xC4, 0x00, 0x14, table_class};
    append(jpeg, head);
    jpeg.push_back(0x01);              // one code of length 1 ...
    jpeg.insert(jpeg.end(), 15, 0x00); // ... none longer
    jpeg.push_back(0x00);              // its symbol: DC category 0 / AC EOB
  }
  const std::array<std::uint8_t, 13> sos = {0xFF, 0xDA, 0x00, 0x08, 0x01, 0x01, 0x00, // SOS
                                            0x00, 0x3F, 0x00, // spectral 0..63, no approximation
                                            0x3F,             // entropy-coded data
                                            0xFF, 0xD9};      // EOI
  append(jpeg, sos);

  // ISO/IEC 19794-5:2005 facial record: general header, facial information, image information.
  const std::size_t record_size = 14 + 20 + 12 + jpeg.size();
  const std::size_t facial_size = 20 + 12 + jpeg.size();
  const auto be32 = [](Bytes& out, std::size_t v) {
    for (int shift = 24; shift >= 0; shift -= 8) {
      out.push_back(static_cast<std::uint8_t>(v >> shift));
    }
  };
  Bytes record = {'F', 'A', 'C', 0x00, '0', '1', '0', 0x00};
  be32(record, record_size);
  record.insert(record.end(), {0x00, 0x01}); // one facial image
  be32(record, facial_size);
  const std::uint8_t gender = sex == 'M' ? 1 : sex == 'F' ? 2 : 0;
  record.insert(record.end(), {0x00, 0x00,               // no feature points
                               gender, 0x00, 0x00,       // gender, eye and hair colour unspecified
                               0x00, 0x00, 0x00,         // feature mask
                               0x00, 0x00,               // expression unspecified
                               0x00, 0x00, 0x00,         // pose angle
                               0x00, 0x00, 0x00});       // pose angle uncertainty
  record.insert(record.end(), {0x01, 0x00,               // full frontal, JPEG
                               0x00, 0x08, 0x00, 0x08,   // width, height
                               0x03, 0x02,               // 8-bit grey, digital camera
                               0x00, 0x00, 0x00, 0x00}); // device type, quality
  append(record, jpeg);

  // Biometric header template (9303-10 §4.7.2): ICAO header version 1.1, facial features,
  // format owner ISO/IEC JTC1 SC37 (0x0101), format type 0x0008 (19794-5).
  const Bytes bht = tlv(0xA1, concat({tlv(0x80, Bytes{0x01, 0x01}), tlv(0x81, Bytes{0x02}),
                                      tlv(0x87, Bytes{0x01, 0x01}), tlv(0x88, Bytes{0x00, 0x08})}));
  const Bytes bit = tlv(0x7F60, concat({bht, tlv(0x5F2E, record)}));
  return tlv(0x75, tlv(0x7F61, concat({tlv(0x02, Bytes{0x01}), bit})));
}

Bytes make_dg13() {
  return tlv(0x6D, tlv(0x53, std::string("UTOPIA INJECTED DATA")));
}

Bytes make_dg14(SpecimenHash hash) {
  // ecdsa-plain-signatures (BSI TR-03111): 0.4.0.127.0.7.1.1.4.1.{1 SHA-1 .. 5 SHA-512}
  const char* algorithm = "0.4.0.127.0.7.1.1.4.1.3";
  switch (hash) {
  case SpecimenHash::sha1:
    algorithm = "0.4.0.127.0.7.1.1.4.1.1";
    break;
  case SpecimenHash::sha224:
    algorithm = "0.4.0.127.0.7.1.1.4.1.2";
    break;
  case SpecimenHash::sha256:
    algorithm = "0.4.0.127.0.7.1.1.4.1.3";
    break;
  case SpecimenHash::sha384:
    algorithm = "0.4.0.127.0.7.1.1.4.1.4";
    break;
  case SpecimenHash::sha512:
    algorithm = "0.4.0.127.0.7.1.1.4.1.5";
    break;
  }
  // ActiveAuthenticationInfo (9303-11 §6.1): id-icao-mrtd-security-aaProtocolObject, version 1.
  const Bytes info =
      tlv(0x30, concat({der_oid("2.23.136.1.1.5"), der_small_integer(1), der_oid(algorithm)}));
  return tlv(0x6E, tlv(0x31, info));
}

Result<Bytes> make_dg15(EVP_PKEY* key) {
  ERR_clear_error();
  unsigned char* der = nullptr;
  const int size = i2d_PUBKEY(key, &der);
  if (size <= 0) {
    return ossl_error("DG15: cannot encode the Active Authentication public key");
  }
  const Bytes spki(der, der + size);
  OPENSSL_free(der);
  return tlv(0x6F, spki);
}

} // namespace mrtd::chip::detail
