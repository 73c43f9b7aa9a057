// The implementation behind the callouts, driven through real Kea objects (CalloutHandle,
// Pkt4, Lease4): what each callout queues, commits from lease4_select and lease4_renew but never
// for a DISCOVER, a decline that never becomes an association, and the option stash in the
// user-context.
#include <gtest/gtest.h>

#include <dhcp/dhcp4.h>
#include <dhcp/option.h>
#include <dhcp/option_int_array.h>
#include <dhcp/option_string.h>
#include <dhcp/pkt4.h>
#include <dhcpsrv/lease.h>
#include <hooks/callout_handle.h>
#include <hooks/callout_manager.h>

#include <boost/make_shared.hpp>
#include <functional>
#include <nlohmann/json.hpp>
#include <sstream>

#include "kea_events.h"
#include "provd_hook.h"
#include "support_temp_dir.h"

namespace provd::kea_hook {
namespace {

using isc::asiolink::IOAddress;
using isc::data::ConstElementPtr;
using isc::dhcp::HWAddr;
using isc::dhcp::HWAddrPtr;
using isc::dhcp::Lease4;
using isc::dhcp::Lease4Collection;
using isc::dhcp::Lease4Ptr;
using isc::dhcp::Option;
using isc::dhcp::Pkt4;
using isc::dhcp::Pkt4Ptr;
using isc::hooks::CalloutHandle;
using isc::hooks::CalloutManager;
using nlohmann::json;

const std::vector<std::uint8_t> kMac = {0x00, 0x08, 0x5d, 0x12, 0x34, 0x56};

Lease4Ptr lease(const std::string& ip, std::vector<std::uint8_t> mac = kMac) {
  HWAddrPtr hwaddr = boost::make_shared<HWAddr>(mac, isc::dhcp::HTYPE_ETHER);
  std::uint8_t client_id[] = {1, 0, 8, 0x5d, 0x12, 0x34, 0x56};
  return boost::make_shared<Lease4>(IOAddress(ip), hwaddr, client_id, sizeof client_id, 3600, 1700000000, 7, false,
                                    false, "phone-1");
}

Pkt4Ptr query(std::uint8_t type, const std::string& vendor_class) {
  Pkt4Ptr packet = boost::make_shared<Pkt4>(type, 1234);
  isc::dhcp::OptionBuffer data(vendor_class.begin(), vendor_class.end());
  packet->addOption(boost::make_shared<Option>(Option::V4, 60, data));
  return packet;
}

// A hook whose provd never answers (no socket): events stay in its queue for inspection.
class Callouts : public ::testing::Test {
 protected:
  explicit Callouts(const std::function<void(HookParams&)>& adjust = {}) : hook_(params(adjust)), handle_(manager()) {}

  // Kea sets the calling library's index around each callout; the context lives under it.
  static boost::shared_ptr<CalloutManager> manager() {
    auto callouts = boost::make_shared<CalloutManager>(1);
    callouts->setLibraryIndex(1);
    return callouts;
  }

  HookParams params(const std::function<void(HookParams&)>& adjust) {
    HookParams p;
    p.socket_path = (dir_.path() / "absent.sock").string();
    p.queue_size = 64;
    p.reconnect_min = std::chrono::milliseconds(10000);
    p.reconnect_max = std::chrono::milliseconds(10000);
    if (adjust) adjust(p);
    return p;
  }

  std::vector<json> queued() {
    std::string out;
    hook_.queue().takeUnsent(out, hook_.boot(), 1 << 20, 0);
    std::vector<json> lines;
    std::istringstream stream(out);
    for (std::string line; std::getline(stream, line);) lines.push_back(json::parse(line));
    return lines;
  }

  // Kea about to store a new lease for this packet (lease4_select, not a fake allocation).
  void selected(const Pkt4Ptr& packet, const Lease4Ptr& lease) {
    handle_.setArgument("query4", packet);
    handle_.setArgument("lease4", lease);
    handle_.setArgument("fake_allocation", false);
    hook_.lease4Select(handle_);
  }

  // Kea calling a callout whose arguments are the packet and one lease (lease4_renew,
  // lease4_release, lease4_decline).
  void called(void (ProvdHook::*callout)(CalloutHandle&), const Pkt4Ptr& packet, const Lease4Ptr& lease) {
    handle_.deleteAllArguments();
    handle_.setArgument("query4", packet);
    handle_.setArgument("lease4", lease);
    (hook_.*callout)(handle_);
  }

  // Kea about to extend the client's lease (lease4_renew, which has no fake_allocation flag).
  void renewed(const Pkt4Ptr& packet, const Lease4Ptr& lease) { called(&ProvdHook::lease4Renew, packet, lease); }

  provd::test::TempDir dir_;
  ProvdHook hook_;
  CalloutHandle handle_;
};

TEST_F(Callouts, CommitCarriesMacIpAndOption60) {
  selected(query(isc::dhcp::DHCPREQUEST, "Aastra6731i"), lease("192.0.2.10"));
  auto lines = queued();
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0]["event"], "commit");
  EXPECT_EQ(lines[0]["seq"], 1);
  EXPECT_EQ(lines[0]["boot"], hook_.boot());
  EXPECT_EQ(lines[0]["ip"], "192.0.2.10");
  EXPECT_EQ(lines[0]["mac"], "00:08:5d:12:34:56");
  EXPECT_EQ(lines[0]["client_id"], "01:00:08:5d:12:34:56");
  EXPECT_EQ(lines[0]["hostname"], "phone-1");
  EXPECT_EQ(lines[0]["subnet_id"], 7);
  EXPECT_EQ(lines[0]["expires"], 1700003600);
  EXPECT_EQ(lines[0]["options"]["60"]["text"], "Aastra6731i");
}

TEST_F(Callouts, RenewalIsACommitAndADiscoverNeverIs) {
  Lease4Ptr held = lease("192.0.2.10");
  renewed(query(isc::dhcp::DHCPDISCOVER, "Aastra6731i"), held);  // Kea offering the held lease again
  EXPECT_TRUE(queued().empty());
  EXPECT_FALSE(held->getContext()) << "a DISCOVER stores nothing, so nothing is stashed";
  renewed(query(isc::dhcp::DHCPREQUEST, "Aastra6731i"), held);
  auto lines = queued();
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0]["event"], "commit");
  EXPECT_EQ(lines[0]["ip"], "192.0.2.10");
  EXPECT_EQ(lines[0]["options"]["60"]["text"], "Aastra6731i");
}

TEST_F(Callouts, ALeaseAnEarlierHookVetoedIsNeitherCommittedNorStashed) {
  Lease4Ptr vetoed = lease("192.0.2.10");
  handle_.setStatus(CalloutHandle::NEXT_STEP_SKIP);
  selected(query(isc::dhcp::DHCPREQUEST, "Aastra6731i"), vetoed);
  renewed(query(isc::dhcp::DHCPREQUEST, "Aastra6731i"), vetoed);
  EXPECT_TRUE(queued().empty());
  EXPECT_FALSE(vetoed->getContext());
}

TEST_F(Callouts, ReleaseIsSent) {
  called(&ProvdHook::lease4Release, query(isc::dhcp::DHCPRELEASE, "Aastra6731i"), lease("192.0.2.10"));
  auto lines = queued();
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0]["event"], "release");
  EXPECT_EQ(lines[0]["ip"], "192.0.2.10");
}

TEST_F(Callouts, ReleaseVetoedByAnotherHookIsNotSent) {
  handle_.setStatus(CalloutHandle::NEXT_STEP_SKIP);
  called(&ProvdHook::lease4Release, query(isc::dhcp::DHCPRELEASE, "x"), lease("192.0.2.10"));
  EXPECT_TRUE(queued().empty());
}

TEST_F(Callouts, DeclineNeverBecomesAnAssociation) {
  Lease4Ptr declined = lease("192.0.2.10");
  called(&ProvdHook::lease4Decline, query(isc::dhcp::DHCPDECLINE, "x"), declined);
  // A declined lease (MAC cleared, state declined), should a renewal ever carry one.
  Lease4Ptr held = boost::make_shared<Lease4>(*declined);
  held->decline(86400);
  renewed(query(isc::dhcp::DHCPREQUEST, "x"), held);
  auto lines = queued();
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0]["event"], "decline");
  EXPECT_EQ(lines[0]["ip"], "192.0.2.10");
}

TEST_F(Callouts, CommitWithoutAMacIsNotSent) {
  selected(query(isc::dhcp::DHCPREQUEST, "x"), lease("192.0.2.10", {}));
  EXPECT_TRUE(queued().empty());
}

TEST_F(Callouts, ExpireAndRecoverNeedNoPacket) {
  handle_.setArgument("lease4", lease("192.0.2.10"));
  handle_.setArgument("remove_lease", true);
  hook_.lease4Expire(handle_);
  handle_.deleteAllArguments();
  Lease4Ptr recovered = lease("192.0.2.11");
  recovered->decline(0);
  handle_.setArgument("lease4", recovered);
  hook_.lease4Recover(handle_);
  auto lines = queued();
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0]["event"], "expire");
  EXPECT_EQ(lines[0]["mac"], "00:08:5d:12:34:56");
  EXPECT_FALSE(lines[0].contains("options"));
  EXPECT_EQ(lines[1]["event"], "recover");
  EXPECT_EQ(lines[1]["mac"], "");
}

TEST_F(Callouts, SelectStashesOptionsInTheUserContextUnlessFake) {
  Lease4Ptr selected_lease = lease("192.0.2.10");
  selected_lease->setContext(isc::data::Element::fromJSON(R"({"site": "lab"})"));
  handle_.setArgument("query4", query(isc::dhcp::DHCPDISCOVER, "Aastra6731i"));
  handle_.setArgument("lease4", selected_lease);
  handle_.setArgument("fake_allocation", true);
  hook_.lease4Select(handle_);
  EXPECT_FALSE(selected_lease->getContext()->contains(kUserContextKey));

  selected(query(isc::dhcp::DHCPREQUEST, "Aastra6731i"), selected_lease);
  auto context = selected_lease->getContext();
  ASSERT_TRUE(context->contains(kUserContextKey));
  EXPECT_EQ(context->get("site")->stringValue(), "lab");  // other keys are kept
  auto option60 = context->get(kUserContextKey)->get("options")->get("60");
  ASSERT_TRUE(option60);
  EXPECT_EQ(option60->get("text")->stringValue(), "Aastra6731i");
  EXPECT_EQ(option60->get("hex")->stringValue(), "4161737472613637333169");
  auto lines = queued();
  ASSERT_EQ(lines.size(), 1u) << "the offer is not a commit, the stored lease is";
  EXPECT_EQ(lines[0]["event"], "commit");
}

TEST_F(Callouts, StashKeepsOnlyTheStashOptionsAndIsRewrittenOnlyWhenItChanges) {
  Lease4Ptr renewing = lease("192.0.2.10");
  renewing->setContext(isc::data::Element::fromJSON(R"({"site": "lab"})"));
  Pkt4Ptr request = query(isc::dhcp::DHCPREQUEST, "Aastra6731i");
  const std::string hostname = "phone-1";
  request->addOption(
      boost::make_shared<Option>(Option::V4, 12, isc::dhcp::OptionBuffer(hostname.begin(), hostname.end())));
  handle_.setArgument("query4", request);
  handle_.setArgument("lease4", renewing);
  hook_.lease4Renew(handle_);
  auto first = renewing->getContext();
  auto stashed = first->get(kUserContextKey)->get("options");
  EXPECT_TRUE(stashed->contains("60"));
  EXPECT_FALSE(stashed->contains("12")) << "option 12 is forwarded in events, not stashed";
  EXPECT_EQ(first->get(kUserContextKey)->mapValue().size(), 1u) << first->str();

  hook_.lease4Renew(handle_);  // a renewal with the same options
  EXPECT_EQ(renewing->getContext().get(), first.get()) << "an unchanged stash is not rewritten";

  handle_.setArgument("query4", query(isc::dhcp::DHCPREQUEST, "Aastra6737i"));
  hook_.lease4Renew(handle_);
  EXPECT_EQ(renewing->getContext()->get(kUserContextKey)->get("options")->get("60")->get("text")->stringValue(),
            "Aastra6737i");

  handle_.setArgument("query4", boost::make_shared<Pkt4>(isc::dhcp::DHCPREQUEST, 1234));  // no option 60
  hook_.lease4Renew(handle_);
  ASSERT_TRUE(renewing->getContext());
  EXPECT_FALSE(renewing->getContext()->contains(kUserContextKey)) << "a stale stash is removed";
  EXPECT_EQ(renewing->getContext()->get("site")->stringValue(), "lab");

  Lease4Ptr bare = lease("192.0.2.11");
  handle_.setArgument("lease4", bare);
  hook_.lease4Renew(handle_);
  EXPECT_FALSE(bare->getContext()) << "nothing to stash: no user-context is created";

  Lease4Ptr only_ours = lease("192.0.2.12");
  only_ours->setContext(isc::data::Element::fromJSON(R"({"provd": {"options": {"60": {"hex": "41"}}}})"));
  handle_.setArgument("lease4", only_ours);
  hook_.lease4Renew(handle_);
  EXPECT_FALSE(only_ours->getContext()) << "a context that held only the stale stash is dropped";
}

TEST_F(Callouts, PhonesSendingTheSameOptionsShareOneStashElement) {
  Lease4Ptr first = lease("192.0.2.10");
  Lease4Ptr second = lease("192.0.2.11", {0x00, 0x08, 0x5d, 0x12, 0x34, 0x57});
  Lease4Ptr other_model = lease("192.0.2.12", {0x00, 0x08, 0x5d, 0x12, 0x34, 0x58});
  selected(query(isc::dhcp::DHCPREQUEST, "Aastra6731i"), first);
  selected(query(isc::dhcp::DHCPREQUEST, "Aastra6731i"), second);
  selected(query(isc::dhcp::DHCPREQUEST, "Aastra6737i"), other_model);
  auto stash = [](const Lease4Ptr& l) { return l->getContext()->get(kUserContextKey); };
  EXPECT_EQ(stash(first).get(), stash(second).get());
  EXPECT_NE(stash(first).get(), stash(other_model).get());
  EXPECT_EQ(stash(other_model)->get("options")->get("60")->get("text")->stringValue(), "Aastra6737i");
  EXPECT_NE(first->getContext().get(), second->getContext().get()) << "each lease has its own context map";
  EXPECT_EQ(queued().size(), 3u);
}

TEST(StashCache, IsBoundedAndStillAnswersWhenFull) {
  StashCache cache;
  ConstElementPtr first_again;
  for (int i = 0; i < 600; ++i) {
    DhcpOption option{.code = 60, .data = {static_cast<std::uint8_t>('a' + i % 26), static_cast<std::uint8_t>(i >> 4)}};
    auto stash = cache.stashFor({&option});
    ASSERT_TRUE(stash);
    EXPECT_EQ(stash->get("options")->get("60")->get("hex")->stringValue(), hexBytes(option.data, 0));
    EXPECT_LE(cache.size(), 256u);
  }
}

// Forwarded and stashed lists differ: each option read once goes where its lists say.
class SplitOptionCallouts : public Callouts {
 protected:
  SplitOptionCallouts()
      : Callouts([](HookParams& p) {
          p.options = {12, 60};
          p.stash_options = {77, 60};
        }) {}
};

TEST_F(SplitOptionCallouts, ForwardedAndStashedOptionsFollowTheirLists) {
  Pkt4Ptr request = query(isc::dhcp::DHCPREQUEST, "Aastra6731i");
  const std::string hostname = "phone-9", user_class = "voice";
  request->addOption(
      boost::make_shared<Option>(Option::V4, 12, isc::dhcp::OptionBuffer(hostname.begin(), hostname.end())));
  request->addOption(
      boost::make_shared<Option>(Option::V4, 77, isc::dhcp::OptionBuffer(user_class.begin(), user_class.end())));
  Lease4Ptr stored = lease("192.0.2.10");
  selected(request, stored);
  auto lines = queued();
  ASSERT_EQ(lines.size(), 1u);
  std::vector<std::string> forwarded;
  for (const auto& [code, value] : lines[0]["options"].items()) forwarded.push_back(code);
  EXPECT_EQ(forwarded, (std::vector<std::string>{"12", "60"}));
  EXPECT_EQ(lines[0]["options"]["12"]["text"], "phone-9");
  auto stashed = stored->getContext()->get(kUserContextKey)->get("options");
  EXPECT_EQ(stashed->mapValue().size(), 2u) << stashed->str();
  EXPECT_EQ(stashed->get("77")->get("text")->stringValue(), "voice");
  EXPECT_EQ(stashed->get("60")->get("text")->stringValue(), "Aastra6731i");
}

// commit-hook-point leases4_committed: commits come from there, lease4_select/renew only stash.
class CommittedCallouts : public Callouts {
 protected:
  CommittedCallouts() : Callouts([](HookParams& p) { p.commit_hook_point = CommitHookPoint::leases4_committed; }) {}

  void committed(const Pkt4Ptr& packet, Lease4Collection leases, Lease4Collection deleted) {
    handle_.deleteAllArguments();
    handle_.setArgument("query4", packet);
    handle_.setArgument("leases4", boost::make_shared<Lease4Collection>(std::move(leases)));
    handle_.setArgument("deleted_leases4", boost::make_shared<Lease4Collection>(std::move(deleted)));
    hook_.leases4Committed(handle_);
  }
};

TEST_F(CommittedCallouts, SelectAndRenewOnlyStashAndTheCommitIsSentFromLeases4Committed) {
  Pkt4Ptr request = query(isc::dhcp::DHCPREQUEST, "Aastra6731i");
  Lease4Ptr stored = lease("192.0.2.10");
  selected(request, stored);
  renewed(request, stored);
  EXPECT_TRUE(queued().empty());
  ASSERT_TRUE(stored->getContext());
  EXPECT_TRUE(stored->getContext()->contains(kUserContextKey));
  committed(request, {stored}, {});
  auto lines = queued();
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0]["event"], "commit");
  EXPECT_EQ(lines[0]["options"]["60"]["text"], "Aastra6731i");
}

TEST_F(CommittedCallouts, ReleaseSeenByBothCalloutsIsSentOnce) {
  Pkt4Ptr release = query(isc::dhcp::DHCPRELEASE, "Aastra6731i");
  Lease4Ptr released = lease("192.0.2.10");
  called(&ProvdHook::lease4Release, release, released);
  committed(release, {}, {released});
  auto lines = queued();
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0]["event"], "release");
  EXPECT_EQ(lines[0]["ip"], "192.0.2.10");
}

TEST_F(CommittedCallouts, ALeaseDeletedByACommitIsReleased) {
  // The client moved to another address: the old one is no longer its own.
  committed(query(isc::dhcp::DHCPREQUEST, "x"), {lease("192.0.2.11")}, {lease("192.0.2.10")});
  auto lines = queued();
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0]["event"], "commit");
  EXPECT_EQ(lines[1]["event"], "release");
  EXPECT_EQ(lines[1]["ip"], "192.0.2.10");
}

TEST_F(CommittedCallouts, ADeclinedOrMaclessCommitIsNotSent) {
  Lease4Ptr held = lease("192.0.2.10");
  held->decline(86400);  // what Kea commits after a DHCPDECLINE: MAC cleared, state declined
  committed(query(isc::dhcp::DHCPDECLINE, "x"), {held, lease("192.0.2.11", {})}, {});
  EXPECT_TRUE(queued().empty());
}

TEST(CollectOptions, EachPayloadIsWhatToBinaryWrites) {
  Pkt4 packet(isc::dhcp::DHCPREQUEST, 1234);
  std::vector<isc::dhcp::OptionPtr> options = {
      boost::make_shared<Option>(Option::V4, 61, isc::dhcp::OptionBuffer{1, 0, 8, 0x5d, 0x12, 0x34, 0x56}),
      boost::make_shared<isc::dhcp::OptionString>(Option::V4, 12, "phone-1"),
      boost::make_shared<isc::dhcp::OptionString>(Option::V4, 60, std::string("Aastra6731i\0\0", 13)),
      boost::make_shared<isc::dhcp::OptionUint8Array>(Option::V4, 55, std::vector<std::uint8_t>{1, 3, 6, 42}),
  };
  auto relay = boost::make_shared<Option>(Option::V4, 82);
  relay->addOption(boost::make_shared<Option>(Option::V4, 1, isc::dhcp::OptionBuffer{'p', 'o', 'r', 't'}));
  options.push_back(relay);
  std::vector<std::uint8_t> codes;
  for (const auto& option : options) {
    packet.addOption(option);
    codes.push_back(static_cast<std::uint8_t>(option->getType()));
  }
  auto collected = collectOptions(packet, codes);
  ASSERT_EQ(collected.size(), options.size());
  for (std::size_t i = 0; i < options.size(); ++i) {
    EXPECT_EQ(collected[i].code, codes[i]);
    EXPECT_EQ(collected[i].data, options[i]->toBinary(false)) << "option " << int{codes[i]};
  }
  EXPECT_EQ(collected[4].data, (isc::dhcp::OptionBuffer{1, 4, 'p', 'o', 'r', 't'}));
}

TEST(AddressText, WritesWhatKeaWrites) {
  for (const char* text : {"0.0.0.0", "255.255.255.255", "10.0.0.1", "192.0.2.10", "100.64.9.200", "2001:db8::1"}) {
    IOAddress address(text);
    EXPECT_EQ(addressText(address), address.toText());
  }
}

TEST(BootId, IsRandomHex) {
  std::string a = newBootId(), b = newBootId();
  EXPECT_EQ(a.size(), 32u);
  EXPECT_EQ(a.find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_NE(a, b);
}

}  // namespace
}  // namespace provd::kea_hook
