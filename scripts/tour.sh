#!/bin/sh
# A tour of every capability of the API, against a running `npm start` (BASE, default http://127.0.0.1:3000).
# POSIX sh, curl and node only. Each step prints what it shows and the command a person would type, then runs it;
# README.md's "A short tour" is the same steps, to paste. The story happens in spring 2026 on the local clock,
# whatever today is, and the clock returns to real time at the end. The suite runs this script
# (test/integration/tour.test.ts), so it cannot drift from the API.
set -eu

BASE=${BASE:-http://127.0.0.1:3000}

step() { printf '\n# %s\n' "$1"; }
run() {
  printf '$ %s\n' "$1"
  eval "$1"
  printf '\n'
}
trap 'status=$?; [ "$status" -eq 0 ] || printf "\nThe tour stopped: the last command failed (exit %s).\n" "$status" >&2' EXIT

step 'A field of a JSON answer, by path (items.0.flagId): fails when the answer has no such field'
run 'json() { node -e '\''const v = process.argv[1].split(".").reduce((o, k) => (o == null ? undefined : o[k]), JSON.parse(require("fs").readFileSync(0, "utf8"))); if (v === undefined) { console.error("no " + process.argv[1] + " in the answer"); process.exit(1); } console.log(typeof v === "object" ? JSON.stringify(v) : v)'\'' "$1"; }'
run 'c() { curl -sS --fail-with-body "$@"; }   # curl that stops the tour on a 4xx or 5xx, showing the problem'
run "BASE=$BASE"

step 'The local clock: the story starts on 5 March 2026 (local runtime only; DELETE /local/clock returns to real time)'
run 'c -X PUT "$BASE/local/clock" -H "content-type: application/json" -d '\''{"now":"2026-03-05T09:00:00Z"}'\'''

step 'Dev tokens for each role (in the cloud: ID tokens from the Cognito user pool)'
run 'token() { c -X POST "$BASE/local/tokens" -H "content-type: application/json" -d "$1" | json token; }'
run 'WORKER="authorization: Bearer $(token '\''{"sub":"worker-1","role":"social_worker","organisationId":"org-1"}'\'')"'
run 'SUPERVISOR="authorization: Bearer $(token '\''{"sub":"supervisor-1","role":"supervisor","organisationId":"org-1"}'\'')"'
run 'OTHER_SUPERVISOR="authorization: Bearer $(token '\''{"sub":"supervisor-9","role":"supervisor","organisationId":"org-9"}'\'')"'
run 'OFFICER="authorization: Bearer $(token '\''{"sub":"officer-1","role":"municipal_officer","municipalityIds":["skopje"]}'\'')"'
run 'EVALUATOR="authorization: Bearer $(token '\''{"sub":"evaluator-1","role":"evaluator"}'\'')"'
run 'ADMIN="authorization: Bearer $(token '\''{"sub":"admin-1","role":"admin"}'\'')"'

step 'Municipalities are reference data the admin keeps: a child is enrolled in, or moved to, a known one'
run 'c -X PUT "$BASE/municipalities/skopje" -H "$ADMIN" -H "content-type: application/json" -d '\''{"name":"Skopje"}'\'''
run 'c -X PUT "$BASE/municipalities/bitola" -H "$ADMIN" -H "content-type: application/json" -d '\''{"name":"Bitola"}'\'''
run 'c "$BASE/municipalities" -H "$WORKER"'

step 'Enrol a child (201: the child and its 14 medium-risk checkpoints, month ends clamped); a case code is unique'
run 'CODE="SK-$(date +%s)-$$"'
run 'ENROLMENT=$(c -X POST "$BASE/children" -H "$WORKER" -H "content-type: application/json" -d "{\"caseCode\":\"$CODE\",\"givenName\":\"Ana\",\"familyName\":\"Petrova\",\"birthDate\":\"2012-05-01\",\"sex\":\"female\",\"municipalityId\":\"skopje\",\"riskLevel\":\"medium\",\"enrolledOn\":\"2026-01-31\",\"baseline\":{\"education\":\"at_risk\",\"housing\":\"stable\",\"health\":\"stable\",\"vocational_training\":\"critical\"}}")'
run 'CHILD=$(printf "%s" "$ENROLMENT" | json child.childId); echo "$CHILD"'
run 'LATER=$(printf "%s" "$ENROLMENT" | json checkpoints.5.checkpointId); printf "%s" "$ENROLMENT" | json checkpoints.5.dueOn'

step 'The caseload, the child (latest level per domain, open flags), its schedule, the agenda'
run 'c "$BASE/children?limit=25" -H "$WORKER"'
run 'c "$BASE/children/$CHILD" -H "$WORKER"'
run 'c "$BASE/children/$CHILD/checkpoints?limit=5" -H "$WORKER"'
run 'c "$BASE/agenda?from=2026-02-01&to=2026-04-30" -H "$WORKER"'

step 'The child’s reintegration plan: goals per domain with actions, a review date, the child’s part and view; version 0 first'
run 'PLAN='\''{"version":0,"reviewOn":"2026-06-01","childParticipated":true,"childViewOnPlan":"I want to stay with my aunt and finish school.","goals":[{"domain":"education","goal":"Finish the school year.","status":"open","actions":[{"description":"Meet the class teacher about catching up.","responsible":"case worker","dueBy":"2026-03-20","status":"planned"}]},{"domain":"housing","goal":"A stable place at the aunt’s flat.","status":"open","actions":[{"description":"Apply for the housing allowance.","responsible":"municipal social service","dueBy":"2026-04-15","status":"in_progress"}]}]}'\'''
run 'c -X PUT "$BASE/children/$CHILD/plan" -H "$WORKER" -H "content-type: application/json" -d "$PLAN"'
run 'c "$BASE/agenda?from=2026-03-01&to=2026-06-30" -H "$WORKER"   # checkpoints, the plan review and its pending actions, by day'
run 'c -o /dev/null -w "%{http_code} with a stale plan version\n" -X PUT "$BASE/children/$CHILD/plan" -H "$WORKER" -H "content-type: application/json" -d "$PLAN" || true'

step 'Log a visit: housing fell from stable to at_risk, a regression flag; the Idempotency-Key makes a retry safe'
run 'KEY=$(node -p "require(\"crypto\").randomUUID()")'
run 'VISIT='\''{"visitedOn":"2026-03-02","contactType":"home","assessments":{"housing":{"level":"at_risk","indicators":{"arrangement":"family","safe":true}}},"childView":{"rating":3,"words":"I miss my friends."},"notes":"Family under financial pressure."}'\'''
run 'LOGGED=$(c -X POST "$BASE/children/$CHILD/visits" -H "$WORKER" -H "idempotency-key: $KEY" -H "content-type: application/json" -d "$VISIT"); echo "$LOGGED"'
run 'REGRESSION=$(printf "%s" "$LOGGED" | json raisedFlags.0.flagId); echo "$REGRESSION"'
run 'c -o /dev/null -w "%{http_code} idempotent-replayed: %header{idempotent-replayed}\n" -X POST "$BASE/children/$CHILD/visits" -H "$WORKER" -H "idempotency-key: $KEY" -H "content-type: application/json" -d "$VISIT"'
run 'c "$BASE/children/$CHILD/visits" -H "$WORKER"'
run 'c "$BASE/children/$CHILD/timeline" -H "$WORKER"'
run 'c "$BASE/local/outbox"   # FlagRaised, as the municipality receives it: no name, no case code'

step 'Refer the child to the municipality’s housing service, answering the regression: without the child’s referral consent, 409'
run 'REFERRAL_BODY="{\"domain\":\"housing\",\"service\":\"housing\",\"providerKind\":\"municipality\",\"dueBy\":\"2026-04-15\",\"flagId\":\"$REGRESSION\"}"'
run 'curl -sS -w "\n%{http_code}\n" -X POST "$BASE/children/$CHILD/referrals" -H "$WORKER" -H "content-type: application/json" -d "$REFERRAL_BODY"'
run 'c -X POST "$BASE/children/$CHILD/consents" -H "$WORKER" -H "content-type: application/json" -d '\''{"scope":"referral","givenBy":"guardian","givenOn":"2026-03-05"}'\'''
run 'REFERRAL=$(c -X POST "$BASE/children/$CHILD/referrals" -H "$WORKER" -H "content-type: application/json" -d "$REFERRAL_BODY" | json referralId); echo "$REFERRAL"'
run 'c -X POST "$BASE/children/$CHILD/referrals" -H "$WORKER" -H "content-type: application/json" -d '\''{"domain":"education","service":"family_support","providerKind":"ngo","dueBy":"2026-04-01"}'\'''

step 'The officer sees the referrals to their municipality (no names, not the worker’s note), accepts the housing one and records its delivery'
run 'c "$BASE/referrals" -H "$OFFICER"'
run 'c -X POST "$BASE/referrals/$REFERRAL/acceptance" -H "$OFFICER" -H "content-type: application/json" -d "{}"'
run 'c -X POST "$BASE/referrals/$REFERRAL/delivery" -H "$OFFICER" -H "content-type: application/json" -d '\''{"delivered":true,"deliveredOn":"2026-03-05"}'\'''
run 'c "$BASE/children/$CHILD/referrals" -H "$WORKER"   # every change with who and when'
step 'The plan after the visit: the housing regression marks the housing goal for review, until the plan is revised'
run 'c "$BASE/children/$CHILD/plan" -H "$WORKER"'
run 'PLAN_VERSION=$(c "$BASE/children/$CHILD/plan" -H "$WORKER" | json version); echo "$PLAN_VERSION"'
run 'c -X PUT "$BASE/children/$CHILD/plan" -H "$WORKER" -H "content-type: application/json" -d "$(printf "%s" "$PLAN" | sed "s/\"version\":0/\"version\":$PLAN_VERSION/")"'

step 'Reschedule one checkpoint, with a reason'
run 'c -X PATCH "$BASE/children/$CHILD/checkpoints/$LATER" -H "$WORKER" -H "content-type: application/json" -d '\''{"action":"reschedule","dueOn":"2026-08-07","reason":"The family is away in July."}'\'''

step 'Two months later, nobody came: the nightly sweep marks the missed checkpoint, escalates the flag left open, flags the NGO referral left past its due day, reminds the worker'
run 'c -X PUT "$BASE/local/clock" -H "content-type: application/json" -d '\''{"now":"2026-05-01T02:00:00Z"}'\'''
run 'c -X POST "$BASE/sweeps" -H "$ADMIN"'
run 'c "$BASE/local/outbox"   # FlagRaised (missed_visit, referral_overdue), FlagEscalated, ReferralOverdue, VisitsDue'

step 'A municipal officer: flags of their municipalities with a minimal child summary, no names; acknowledge, resolve'
run 'c "$BASE/flags?severity=high" -H "$OFFICER"'
run 'FLAG=$(c "$BASE/flags?type=missed_visit" -H "$OFFICER" | json items.0.flagId); echo "$FLAG"'
run 'c "$BASE/flags/$FLAG" -H "$OFFICER"'
run 'c -X POST "$BASE/flags/$FLAG/acknowledgement" -H "$OFFICER" -H "content-type: application/json" -d "{}"'
run 'c -X POST "$BASE/flags/$FLAG/resolution" -H "$OFFICER" -H "content-type: application/json" -d '\''{"note":"Visit rescheduled with the family.","actionTaken":"called the family"}'\'''

step 'The worker resolves the regression flag, naming the referral that answered it'
run 'c -X POST "$BASE/flags/$REGRESSION/resolution" -H "$WORKER" -H "content-type: application/json" -d "{\"note\":\"Emergency housing delivered by the municipality.\",\"referralId\":\"$REFERRAL\"}"'

step 'A concern raised by a person (safeguarding, re_trafficking_risk, missing, placement_breakdown, other): a high flag at once'
run 'c -X POST "$BASE/children/$CHILD/concerns" -H "$WORKER" -H "content-type: application/json" -d '\''{"type":"missing","note":"Not at the shelter since yesterday evening."}'\'''

step 'Change the risk level: read the version first (a stale one is 409); only the future is regenerated'
run 'VERSION=$(c "$BASE/children/$CHILD" -H "$WORKER" | json version); echo "$VERSION"'
run 'c -X PATCH "$BASE/children/$CHILD" -H "$WORKER" -H "content-type: application/json" -d "{\"version\":$VERSION,\"riskLevel\":\"high\"}"'

step 'Move the case to another known municipality: its open flags go along (an unknown one is 400 body.municipalityId)'
run 'VERSION=$(c "$BASE/children/$CHILD" -H "$WORKER" | json version)'
run 'c -X PATCH "$BASE/children/$CHILD" -H "$WORKER" -H "content-type: application/json" -d "{\"version\":$VERSION,\"municipalityId\":\"bitola\"}"'

step 'A supervisor reads the child’s audit trail; a supervisor of another organisation breaks the glass, with a reason'
run 'c "$BASE/children/$CHILD/audit?limit=5" -H "$SUPERVISOR"'
run 'c -o /dev/null -w "%{http_code} before the grant\n" "$BASE/children/$CHILD" -H "$OTHER_SUPERVISOR" || true'
run 'c -X POST "$BASE/children/$CHILD/emergency-access" -H "$OTHER_SUPERVISOR" -H "content-type: application/json" -d '\''{"reason":"The child was found at night in our town; police asked for the case."}'\'''
run 'c -o /dev/null -w "%{http_code} during the grant (3 hours, read-only, audited)\n" "$BASE/children/$CHILD" -H "$OTHER_SUPERVISOR"'

step 'Close the case (every checkpoint still scheduled is cancelled), then reopen it after a relapse'
run 'c -X POST "$BASE/children/$CHILD/closure" -H "$WORKER" -H "content-type: application/json" -d '\''{"reason":"reintegrated","outcome":"reintegrated"}'\'''
run 'c -X POST "$BASE/children/$CHILD/reopening" -H "$WORKER" -H "content-type: application/json" -d '\''{"reason":"The school reports absences again."}'\'''

step 'An evaluator’s figures (never a name): counts within ±2 and suppressed below k; the de-identified export; a page of charts'
run 'c "$BASE/outcomes?cohort=2026-Q1" -H "$EVALUATOR"'
run 'c "$BASE/outcomes/export?cohort=2026" -H "$EVALUATOR"   # NDJSON and a trailer'
run 'REPORT="${TMPDIR:-/tmp}/outcomes-report.html"; c "$BASE/outcomes/report?cohort=2026" -H "$EVALUATOR" > "$REPORT"; echo "open $REPORT in a browser"'

step 'Back to real time'
run 'c -X DELETE "$BASE/local/clock"'

step "Everything else: $BASE/docs (Swagger UI: Authorize with a token from above) and $BASE/openapi.json"
printf 'The tour is complete.\n'
