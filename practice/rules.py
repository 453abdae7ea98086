"""The numbers of the intervention's rules that more than one app counts with (no Django here:
planning's forecast is a pure module)."""

# Structural participant: first visit at least 91 days (three months) ago, not left, and present at
# least once in the network's window (practice.services.structural_holds). The route funnel and the
# growth forecast count people whose first visit is that long ago: they had the chance to become one.
STRUCTURAL_AFTER_DAYS = 91
