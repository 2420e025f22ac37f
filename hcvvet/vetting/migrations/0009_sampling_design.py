from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("vetting", "0008_uncertainty_sampled_order"),
    ]

    operations = [
        migrations.AddField(
            model_name="campaign",
            name="sampling_model",
            field=models.PositiveIntegerField(
                blank=True,
                help_text="Uncertainty first, sampled: the triage model version that ranked the queue, once and "
                "for good (a retraining does not rank it again), so that every label keeps the inclusion "
                "probability it was drawn with and the catalogue estimate stays unbiased.",
                null=True,
            ),
        ),
        migrations.AddField(
            model_name="campaign",
            name="sampling_uniform_served",
            field=models.PositiveIntegerField(
                default=0,
                help_text="Uncertainty first, sampled: the candidates served before the model ranked the queue, "
                "in its starting order (a uniform random one), which the catalogue estimate's probabilities "
                "count.",
            ),
        ),
        migrations.AddField(
            model_name="campaigncandidate",
            name="sampling_p_artifact",
            field=models.FloatField(
                blank=True,
                help_text="Uncertainty first, sampled: P(artifact) of the model that ranked the item, the "
                "prediction the catalogue estimate corrects with the labels.",
                null=True,
            ),
        ),
    ]
