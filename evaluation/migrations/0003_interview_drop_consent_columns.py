"""Drop the interview's own consent columns.

Consent to use an interview lives in the privacy consent register (privacy.Consent, scopes
"evaluation" and "research"); migration 0002 copied these columns into it, and since then nothing has
read or written them (the interview form, the paired analysis, the research export, the demo and
perf/generator.py all use the register). Going back re-adds them empty; 0002's reverse fills them
from the register.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("evaluation", "0002_interview_consent_to_privacy_register"),
    ]

    operations = [
        migrations.RemoveField(model_name="interview", name="consent_evaluation"),
        migrations.RemoveField(model_name="interview", name="consent_evaluation_on"),
        migrations.RemoveField(model_name="interview", name="consent_research"),
        migrations.RemoveField(model_name="interview", name="consent_research_on"),
    ]
