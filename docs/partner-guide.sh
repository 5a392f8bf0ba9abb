#!/usr/bin/env bash
# The partner guide, end to end, against a running API: the partner publishes two services, the
# seller opens the link and authorizes both at once, the partner checks its access, the seller
# renews (If-Match with the ETag it read), both pages show what these grants give, the partner
# asks for a renewal, the seller cancels, and the partner is denied from the very next call.
# Every id is captured from an answer and every answer is checked: the script stops with a
# message and a non-zero exit at the first answer that is not what the guide says.
#
#   npm install && npm start          # in one terminal
#   docs/partner-guide.sh             # in another (needs curl and jq: apt-get install -y jq)
#
# Settings (environment): B, the API's base URL (http://localhost:3000); P and S, a partner and a
# seller token (default: minted with `npm run -s token`, which finds the API's secret as the API
# does: AUTH_JWT_SECRET, else DATA_DIR/jwt-secret; run it with the API's DATA_DIR);
# PARTNER_ID and SELLER_ID (default: new ones on every run, so that a run's totals are its own).
set -euo pipefail
cd "$(dirname "$0")/.."

command -v curl >/dev/null || { echo "partner-guide: needs curl" >&2; exit 2; }
command -v jq >/dev/null || { echo "partner-guide: needs jq (apt-get install -y jq, or brew install jq)" >&2; exit 2; }

fail() { echo "partner-guide: FAILED: $*" >&2; exit 1; }
# check <json> <jq condition> <what the guide says>: the condition must hold on the answer.
check() { jq -e "$2" <<<"$1" >/dev/null 2>&1 || fail "$3 (expected $2), but the API answered: $1"; }
ok() { echo "  ok: $*"; }
# header <name> <curl -i output>: one header's value; body <curl -i output>: what follows the headers.
header() { tr -d '\r' <<<"$2" | sed -n "s/^$1: //Ip" | head -n 1; }
body() { tr -d '\r' <<<"$1" | sed '1,/^$/d'; }

B=${B:-http://localhost:3000}
RUN=$(date +%s)-$$
PARTNER_ID=${PARTNER_ID:-partner-$RUN}
SELLER_ID=${SELLER_ID:-shop-$RUN}
P=${P:-$(npm run -s token -- --role partner --sub "$PARTNER_ID")}
S=${S:-$(npm run -s token -- --role seller --sub "$SELLER_ID" --market US_L2L)}
JSON='content-type: application/json'

echo "Step 1: the partner $PARTNER_ID publishes two services"
ADS=$(curl -sS -X POST "$B/v1/services" -H "Authorization: Bearer $P" -H "$JSON" -d '{
  "name": "Ads optimisation", "visibility": "PUBLIC", "markets": ["US_L2L", "US_CB"], "validityDays": 180,
  "requestedScopes": { "authorizedObjects": ["SHOP_AND_TIKTOK_ACCOUNT", "SHOP"], "shopOperationTicket": true,
                       "sellerCenterRoles": ["ADS_MANAGER", "MARKETING_SPECIALIST"], "dataCompass": true } }')
check "$ADS" '(.serviceId | startswith("svc_")) and (.linkCode | startswith("lk_")) and (.authorizationLink | test("/v1/authorization-links/lk_"))' 'publishing answers the service id, its link code and link'
ADS_ID=$(jq -r .serviceId <<<"$ADS")
LINK=$(jq -r .linkCode <<<"$ADS")
CARE=$(curl -sS -X POST "$B/v1/services" -H "Authorization: Bearer $P" -H "$JSON" -d '{
  "name": "Customer care", "visibility": "PUBLIC", "markets": ["US_L2L"], "validityDays": 365,
  "requestedScopes": { "authorizedObjects": ["SHOP"], "sellerCenterRoles": ["CUSTOMER_SERVICE_AGENT"] } }')
check "$CARE" '.serviceId | startswith("svc_")' 'the second service is published'
CARE_ID=$(jq -r .serviceId <<<"$CARE")
ok "published $ADS_ID (link $LINK) and $CARE_ID"

echo "Step 2: the seller $SELLER_ID opens the link: every service of that partner it may authorize"
PAGE=$(curl -sS "$B/v1/authorization-links/$LINK" -H "Authorization: Bearer $S")
check "$PAGE" "([.services[].serviceId] | sort) == ([\"$ADS_ID\", \"$CARE_ID\"] | sort) and .unavailable == [] and .partnerId == \"$PARTNER_ID\"" 'the link offers both services'
check "$PAGE" ".services[] | select(.serviceId == \"$ADS_ID\") | .offerableScopes.sellerCenterRoles | index(\"ADS_MANAGER\") != null" 'a US L2L seller is offered the seller center roles'
ok "offered: $(jq -c '[.services[].name]' <<<"$PAGE")"

echo "Step 3: ... and authorizes both at once (all or nothing), choosing scopes and validity"
GRANTED=$(curl -sS -X POST "$B/v1/authorizations" -H "Authorization: Bearer $S" -H "$JSON" -d '{
  "linkCode": "'"$LINK"'",
  "grants": [
    { "serviceId": "'"$ADS_ID"'", "scopes": { "authorizedObject": "SHOP", "dataCompass": true, "sellerCenterRoles": ["ADS_MANAGER"] }, "validityDays": 90 },
    { "serviceId": "'"$CARE_ID"'", "scopes": { "authorizedObject": "SHOP", "sellerCenterRoles": ["CUSTOMER_SERVICE_AGENT"] }, "autoRenew": true } ] }')
check "$GRANTED" '[.authorizations[].status] == ["ACTIVE", "ACTIVE"] and (.position | test("^[0-9]+$"))' 'both authorizations are ACTIVE'
AU_ADS=$(jq -r --arg s "$ADS_ID" '.authorizations[] | select(.serviceId == $s) | .authorizationId' <<<"$GRANTED")
AU_CARE=$(jq -r --arg s "$CARE_ID" '.authorizations[] | select(.serviceId == $s) | .authorizationId' <<<"$GRANTED")
ok "granted $AU_ADS and $AU_CARE"
PAGE=$(curl -sS "$B/v1/authorization-links/$LINK" -H "Authorization: Bearer $S")
check "$PAGE" '.services == [] and ([.unavailable[].reason] | unique) == ["ALREADY_ACTIVE"] and (.unavailable | length) == 2' 'the link now says both are ALREADY_ACTIVE'
ok "the link now offers nothing: $(jq -c '[.unavailable[] | {name, reason}]' <<<"$PAGE")"

echo "Before acting, the partner asks whether it may"
ACCESS=$(curl -sS "$B/v1/access-checks?partnerId=$PARTNER_ID&sellerId=$SELLER_ID&permission=SELLER_CENTER:ADS_MANAGER" -H "Authorization: Bearer $P")
check "$ACCESS" ".allowed == true and .reason == \"ALLOWED\" and .authorizationIds == [\"$AU_ADS\"]" 'the partner may act as ADS_MANAGER'
ok "$ACCESS"

echo "Step 4: the seller renews, with If-Match: the ETag it read (curl -i shows the headers)"
READ=$(curl -sS -i "$B/v1/authorizations/$AU_ADS" -H "Authorization: Bearer $S")
ETAG=$(header etag "$READ")
check "$(body "$READ")" '.status == "ACTIVE"' 'the seller reads its ACTIVE authorization'
[ "$ETAG" = "\"$(body "$READ" | jq -r .revision)\"" ] || fail "the read answers ETag: \"<revision>\", not ETag: $ETAG"
RENEWED=$(curl -sS -i -X POST "$B/v1/authorizations/$AU_ADS/renew" -H "Authorization: Bearer $S" -H "If-Match: $ETAG")
NEW_ETAG=$(header etag "$RENEWED")
check "$(body "$RENEWED")" '.authorization.status == "ACTIVE" and (.authorization.renewedAt | type) == "string"' 'the renewal answers the renewed authorization'
[ "$NEW_ETAG" = "\"$(body "$RENEWED" | jq -r .authorization.revision)\"" ] || fail "the renewal answers the new ETag: \"<revision>\", not ETag: $NEW_ETAG"
[ "$(header x-event-position "$RENEWED")" = "$(body "$RENEWED" | jq -r .position)" ] || fail 'X-Event-Position is the position in the body'
ok "renewed: ETag $ETAG -> $NEW_ETAG"
STALE=$(curl -sS -o /dev/null -w '%{http_code}' -X POST "$B/v1/authorizations/$AU_ADS/renew" -H "Authorization: Bearer $S" -H "If-Match: $ETAG")
[ "$STALE" = 412 ] || fail "a renewal with the old ETag must be 412, not $STALE"
ok "the old ETag is refused: 412"

echo "The partner's Seller management page"
SELLERS=$(curl -sS "$B/v1/partner/sellers?status=ACTIVE&market=US_L2L&sort=-expiresAt&page=1&pageSize=20" -H "Authorization: Bearer $P")
check "$SELLERS" ".total == 2 and .countsByStatus == {\"ACTIVE\": 2, \"EXPIRED\": 0, \"CANCELLED\": 0, \"DEACTIVATED\": 0} and [.items[].authorizationId] == [\"$AU_CARE\", \"$AU_ADS\"]" 'two ACTIVE authorizations, the later expiry first'
ok "total $(jq .total <<<"$SELLERS"), countsByStatus $(jq -c .countsByStatus <<<"$SELLERS")"

echo "The seller's my service page"
MINE=$(curl -sS "$B/v1/seller/services?status=ACTIVE&expiringWithinDays=100" -H "Authorization: Bearer $S")
check "$MINE" ".total == 1 and .items[0].authorizationId == \"$AU_ADS\" and .menuPath == [\"App & service\", \"Find partner\"]" 'only the 90-day authorization expires within 100 days'
ok "expiring within 100 days: $(jq -c '[.items[].serviceName]' <<<"$MINE"), menu $(jq -c .menuPath <<<"$MINE")"

echo "The partner asks the seller to renew (the link again)"
ASKED=$(curl -sS -X POST "$B/v1/authorizations/$AU_ADS/renewal-requests" -H "Authorization: Bearer $P")
check "$ASKED" '.authorizationLink | test("/v1/authorization-links/lk_")' 'a renewal request answers the link to send'
SEEN=$(curl -sS "$B/v1/authorizations/$AU_ADS" -H "Authorization: Bearer $S")
check "$SEEN" '.renewalRequestedAt | type == "string"' "the seller sees renewalRequestedAt"
ok "renewal requested at $(jq -r .renewalRequestedAt <<<"$SEEN")"

echo "The seller cancels: the partner is denied from the very next call"
CANCELLED=$(curl -sS -X POST "$B/v1/authorizations/$AU_ADS/cancel" -H "Authorization: Bearer $S" -H "$JSON" -d '{"reason": "we do our own ads now"}')
check "$CANCELLED" '.authorization.status == "CANCELLED" and .authorization.endReason == "SELLER_CANCELLED"' 'the authorization is CANCELLED'
DENIED=$(curl -sS "$B/v1/access-checks?partnerId=$PARTNER_ID&sellerId=$SELLER_ID&permission=SELLER_CENTER:ADS_MANAGER" -H "Authorization: Bearer $P")
check "$DENIED" '.allowed == false and .reason == "CANCELLED" and .authorizationIds == []' 'the partner is denied'
STILL=$(curl -sS "$B/v1/access-checks?partnerId=$PARTNER_ID&sellerId=$SELLER_ID&permission=SELLER_CENTER:CUSTOMER_SERVICE_AGENT" -H "Authorization: Bearer $P")
check "$STILL" ".allowed == true and .authorizationIds == [\"$AU_CARE\"]" 'the other authorization still allows its role'
ok "denied: $DENIED"

echo "The partner guide succeeded."
