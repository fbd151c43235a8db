-- Several classifiers serve at once (a prompt-attack detector next to a harmful-compliance judge): at most
-- one production model per kind for reward and preference models, per name for classifiers.
DROP INDEX reward_model_one_production;
CREATE UNIQUE INDEX reward_model_one_production ON reward_model (kind)
    WHERE stage = 'PRODUCTION' AND kind <> 'CLASSIFIER';
CREATE UNIQUE INDEX reward_model_one_production_classifier ON reward_model (name)
    WHERE stage = 'PRODUCTION' AND kind = 'CLASSIFIER';

-- Labelled examples registered with a classifier, on which its promotion gate compares it with production.
ALTER TABLE reward_model ADD COLUMN evaluation_path text;
