// libFuzzer target: one BGP message (header included). The first input octet
// picks the session options (4-octet AS, ADD-PATH).
#include <cstdint>

#include "wire/bgp/message.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  vigil::bgp::SessionOptions opts;
  opts.as4 = data[0] & 1;
  opts.add_path = data[0] & 2;
  vigil::Bytes msg(data + 1, size - 1);
  auto h = vigil::bgp::decode_header(msg);
  if (!h) return 0;
  const vigil::Bytes body =
      msg.subspan(vigil::bgp::kHeaderSize, h->length - vigil::bgp::kHeaderSize);
  switch (static_cast<vigil::bgp::MessageType>(h->type)) {
    case vigil::bgp::MessageType::kUpdate: {
      vigil::bgp::UpdateMessage u;
      (void)vigil::bgp::decode_update(body, opts, u);
      (void)u.is_end_of_rib();
      break;
    }
    case vigil::bgp::MessageType::kOpen: {
      vigil::bgp::OpenMessage o;
      (void)vigil::bgp::decode_open(body, o);
      break;
    }
    case vigil::bgp::MessageType::kNotification: {
      vigil::bgp::NotificationMessage n;
      (void)vigil::bgp::decode_notification(body, n);
      break;
    }
    case vigil::bgp::MessageType::kRouteRefresh: {
      vigil::bgp::RouteRefreshMessage r;
      (void)vigil::bgp::decode_route_refresh(body, r);
      break;
    }
    case vigil::bgp::MessageType::kKeepalive:
      break;
  }
  return 0;
}
