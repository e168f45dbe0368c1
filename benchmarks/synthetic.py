"""A deterministic synthetic bibliography that looks like a lab's shared bib.

Authors come from a fixed pool, so the same person appears in hundreds of
entries (as in real lab bibliographies); titles and abstracts carry some LaTeX.
"""

from __future__ import annotations

import random

GIVEN = [
    "Ada",
    "Alan",
    "Barbara",
    "Chidi",
    "Dana",
    "Emil",
    "Fatima",
    "Grace",
    "Hiro",
    "Ines",
    "Jonas",
    "Kai",
    "Lena",
    "Marta",
    "Nikhil",
    "Olga",
    "Pedro",
    "Qiaozhe",
    "Rosa",
    "Sami",
    "Tara",
    "Umar",
    "Vera",
    "Wei",
    "Xin",
    "Yara",
    "Zoe",
]
FAMILY = [
    'M{\\"u}ller',
    "Garc{\\'\\i}a",
    "Zhang",
    "Okafor",
    "Brandt",
    "Nguyen",
    "Kowalski",
    "Rossi",
    "Tanaka",
    "Silva",
    "Novak",
    "Haddad",
    "Lindqvist",
    'Schr{\\"o}der',
    "Ivanova",
    "Patel",
    "Dubois",
    "Moreau",
    "Keller",
    "O'Brien",
]
VENUES = [
    ("inproceedings", "booktitle", "Advances in Neural Information Processing Systems"),
    ("inproceedings", "booktitle", "Proceedings of the International Conference on Machine Learning"),
    ("inproceedings", "booktitle", "International Conference on Learning Representations"),
    ("inproceedings", "booktitle", "Proceedings of the IEEE/CVF Conference on Computer Vision and Pattern Recognition"),
    ("article", "journal", "Journal of Machine Learning Research"),
    ("article", "journal", "IEEE Transactions on Pattern Analysis and Machine Intelligence"),
    ("article", "journal", "Physical Review E"),
    ("misc", "howpublished", "arXiv preprint"),
]
WORDS = [
    "sparse",
    "attention",
    "graph",
    "robust",
    "learning",
    "bayesian",
    "inference",
    "kernel",
    "efficient",
    "scalable",
    "neural",
    "network",
    "optimal",
    "transport",
    "diffusion",
    "model",
    "convex",
    "bound",
    "generalization",
    "causal",
    "representation",
]


def _sentence(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words))


def entry(rng: random.Random, index: int) -> str:
    entry_type, venue_field, venue = rng.choice(VENUES)
    year = 1995 + rng.randrange(31)
    authors = " and ".join(f"{rng.choice(FAMILY)}, {rng.choice(GIVEN)}" for _ in range(rng.randint(2, 8)))
    title = _sentence(rng, rng.randint(5, 12)).capitalize()
    if index % 5 == 0:
        title += r" with $\alpha$-{R}{\'e}nyi \emph{divergences}"
    abstract = ". ".join(_sentence(rng, 14).capitalize() for _ in range(5)) + "."
    key = f"entry{index:05d}"
    fields = [
        f"  title = {{{title}}}",
        f"  author = {{{authors}}}",
        f"  {venue_field} = {{{venue}}}",
        f"  year = {{{year}}}",
        f"  pages = {{{rng.randint(1, 900)}--{rng.randint(901, 1800)}}}",
        f"  abstract = {{{abstract}}}",
        f"  doi = {{10.5555/{key}}}",
        f"  pdf = {{https://example.org/papers/{key}.pdf}}",
    ]
    if index % 3 == 0:
        fields.append(f"  code = {{https://github.com/example/{key}}}")
    if entry_type == "misc":
        fields.append(f"  eprint = {{{2000 + index % 600:04d}.{index:05d}}}")
        fields.append("  archiveprefix = {arXiv}")
    if index % 10 == 0:
        fields.append("  selected = {true}")
    return f"@{entry_type}{{{key},\n" + ",\n".join(fields) + "\n}\n"


def bibliography(count: int, seed: int = 20261122) -> str:
    rng = random.Random(seed)
    return "\n".join(entry(rng, index) for index in range(count))


if __name__ == "__main__":
    import sys

    sys.stdout.write(bibliography(int(sys.argv[1]) if len(sys.argv) > 1 else 1000))
