"""Train the analysis's spaCy pipeline from the UD treebanks and install it in the package.

usage: python training/train.py TREEBANKS BUILD OUT [--package-only]

1. ``convert.py`` turns ``TREEBANKS`` (``ewt/`` and ``gum/``) into ``BUILD/corpus/*.spacy``;
2. ``spacy train training/config.cfg`` trains into ``BUILD/run`` (fixed seed: the same treebanks, spaCy
   version and machine give the same pipeline);
3. the best model is copied to ``OUT`` (``factcheck/analysis/pipeline``) with its metadata, the corpora's
   credits and licences (``README.md``), and its accuracy on the treebanks' test splits
   (``accuracy.json``: part of speech, dependencies, sentences, entities by type).

``--package-only`` skips steps 1-2 and packages the run already in ``BUILD/run``.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import spacy
from spacy.cli.evaluate import evaluate
from spacy.cli.train import train

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import convert  # noqa: E402  (training/convert.py, beside this script)

NAME = "factcheck_news"
VERSION = "1.0.0"
CREDITS = """# The analysis's spaCy pipeline

Tokenizer, tagger, morphologiser, lemmatiser, dependency parser (and sentence boundaries) and named
entities (PERSON, ORG, GPE, DATE, EVENT) for English news, trained by `make model` (`training/train.py`,
configuration `training/config.cfg`) from:

- **UD English EWT** (Universal Dependencies English Web Treebank), {ewt}: web text annotated with parts
  of speech, morphology, lemmas and dependency trees. Licence: CC BY-SA 4.0
  (https://creativecommons.org/licenses/by-sa/4.0/). Silveira et al., "A Gold Standard Dependency Corpus
  for English", LREC 2014; https://github.com/UniversalDependencies/UD_English-EWT.
- **GUM** (Georgetown University Multilayer corpus), {gum}, only its openly licensed genres: news and
  interviews (Wikinews, CC BY 2.5), biographies and travel guides (Wikipedia / Wikivoyage, CC BY-SA),
  textbooks (OpenStax, CC BY), academic papers (CC BY), vlogs (CC BY), political speeches (public
  domain), conversations (Santa Barbara Corpus, CC BY). Its entity layer gives the named entities.
  Zeldes, "The GUM Corpus: Creating Multilayer Resources in the Classroom", Language Resources and
  Evaluation 51(3), 2017; https://github.com/amir-zeldes/gum.

This pipeline is an adaptation of those corpora and is shared under the same terms: **CC BY-SA 4.0**,
crediting the corpora above. Its accuracy on the treebanks' test splits is in `accuracy.json` and
`docs/analysis.md`.
"""


def main(argv: list[str]) -> int:
    args = [a for a in argv if not a.startswith("--")]
    if len(args) != 3:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    treebanks, build, out = (Path(a) for a in args)
    corpus, run = build / "corpus", build / "run"
    if "--package-only" not in argv:
        convert.main([str(treebanks), str(corpus)])
        train(
            HERE / "config.cfg",
            run,
            overrides={"paths.train": str(corpus / "train.spacy"), "paths.dev": str(corpus / "dev.spacy")},
        )
    best = run / "model-best"
    nlp = spacy.load(best)
    nlp.meta.update(
        name=NAME,
        version=VERSION,
        description="English news: syntax and entities for the factcheck attribution analysis",
        license="CC BY-SA 4.0",
        sources=[
            {
                "name": "UD English EWT",
                "url": "https://github.com/UniversalDependencies/UD_English-EWT",
                "license": "CC BY-SA 4.0",
            },
            {
                "name": "GUM (openly licensed genres)",
                "url": "https://github.com/amir-zeldes/gum",
                "license": "CC BY / CC BY-SA, per genre",
            },
        ],
    )
    nlp.meta.pop("performance", None)
    if out.exists():
        shutil.rmtree(out)
    nlp.to_disk(out)
    accuracy = {}
    for split in ("test-ewt", "test-gum", "test"):
        scores = evaluate(str(out), corpus / f"{split}.spacy", silent=True)
        accuracy[split] = {
            k: scores[k]
            for k in ("pos_acc", "tag_acc", "morph_acc", "lemma_acc", "dep_uas", "dep_las", "sents_f", "ents_f")
            if k in scores
        }
        if scores.get("ents_per_type"):
            accuracy[split]["ents_per_type"] = scores["ents_per_type"]
    (out / "accuracy.json").write_text(json.dumps(accuracy, indent=1) + "\n", encoding="utf-8")
    versions = {bank: (treebanks / bank / "VERSION").read_text(encoding="utf-8").strip() for bank in ("ewt", "gum")}
    (out / "README.md").write_text(CREDITS.format(**versions), encoding="utf-8")
    print(json.dumps(accuracy, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
