#include <gtest/gtest.h>

#include "sip/sip_message.h"

namespace provd::sip {
namespace {

NotifyRequest sample() {
  NotifyRequest r;
  r.target_host = "192.0.2.7";
  r.target_port = 5060;
  r.local_host = "192.0.2.1";
  r.local_port = 40000;
  r.event = "check-sync";
  r.call_id = "abc@provd";
  r.branch = "z9hG4bKxyz";
  r.from_tag = "tag1";
  r.cseq = 1;
  return r;
}

TEST(SipNotify, CarriesTheMandatoryHeaders) {
  const std::string m = build_notify(sample());
  EXPECT_TRUE(m.starts_with("NOTIFY sip:192.0.2.7:5060 SIP/2.0\r\n"));
  for (const char* header : {"\r\nVia: SIP/2.0/UDP 192.0.2.1:40000;branch=z9hG4bKxyz;rport\r\n",
                             "\r\nMax-Forwards: 70\r\n", "\r\nFrom: <sip:provd@192.0.2.1:40000>;tag=tag1\r\n",
                             "\r\nTo: <sip:192.0.2.7:5060>\r\n", "\r\nCall-ID: abc@provd\r\n", "\r\nCSeq: 1 NOTIFY\r\n",
                             "\r\nEvent: check-sync\r\n", "\r\nContent-Length: 0\r\n"}) {
    EXPECT_NE(m.find(header), std::string::npos) << header;
  }
  EXPECT_TRUE(m.ends_with("\r\n\r\n"));
}

TEST(SipNotify, Ipv6HostsAreBracketed) {
  NotifyRequest r = sample();
  r.target_host = "2001:db8::7";
  EXPECT_TRUE(build_notify(r).starts_with("NOTIFY sip:[2001:db8::7]:5060 SIP/2.0\r\n"));
}

TEST(SipNotify, FreshIdsCarryTheMagicCookie) {
  NotifyRequest a = sample();
  NotifyRequest b = sample();
  assign_transaction_ids(a);
  assign_transaction_ids(b);
  EXPECT_TRUE(a.branch.starts_with("z9hG4bK"));
  EXPECT_NE(a.branch, b.branch);
  EXPECT_NE(a.call_id, b.call_id);
}

TEST(SipResponse, ParsesAndMatchesTheTransaction) {
  const std::string text =
      "SIP/2.0 200 OK\r\n"
      "Via: SIP/2.0/UDP 192.0.2.1:40000;branch=z9hG4bKxyz;rport=40000;received=192.0.2.1\r\n"
      "Via: SIP/2.0/UDP 10.0.0.1;branch=z9hG4bKother\r\n"
      "From: <sip:provd@192.0.2.1:40000>;tag=tag1\r\n"
      "To: <sip:192.0.2.7:5060>;tag=9\r\n"
      "i: abc@provd\r\n"
      "CSeq: 1 NOTIFY\r\n"
      "Content-Length: 0\r\n\r\n";
  auto response = parse_response(text);
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->reason, "OK");
  EXPECT_EQ(response->branch, "z9hG4bKxyz");
  EXPECT_EQ(response->call_id, "abc@provd");
  EXPECT_TRUE(answers(*response, sample()));
  NotifyRequest other = sample();
  other.branch = "z9hG4bKdifferent";
  EXPECT_FALSE(answers(*response, other));
}

TEST(SipResponse, RejectsRequestsAndGarbage) {
  for (const char* bad : {"", "NOTIFY sip:x SIP/2.0\r\n\r\n", "SIP/2.0 99 Low\r\n\r\n", "SIP/2.0 700 High\r\n\r\n",
                          "SIP/2.0 2000 OK\r\n\r\n", "SIP/2.0 200 OK\r\nVia: x;branch=1\r\n",  // no blank line
                          "SIP/2.0 200 OK\r\nCSeq: 1 NOTIFY\r\nCall-ID: a\r\n\r\n",            // no Via
                          "SIP/2.0 200 OK\r\nVia: x\r\nCall-ID: a\r\nCSeq: x NOTIFY\r\n\r\n",
                          "SIP/2.0 200 OK\r\nbroken header\r\n\r\n"}) {
    EXPECT_FALSE(parse_response(bad)) << bad;
  }
}

TEST(SipEvent, TokenCharactersOnly) {
  EXPECT_TRUE(valid_event_name("check-sync"));
  EXPECT_TRUE(valid_event_name("resync"));
  EXPECT_FALSE(valid_event_name(""));
  EXPECT_FALSE(valid_event_name("check sync"));
  EXPECT_FALSE(valid_event_name("a\r\nVia: x"));
}

}  // namespace
}  // namespace provd::sip
