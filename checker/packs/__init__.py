"""Rule packs and frameworks, loaded and checked before any data is read.

``pack`` loads a pack folder (YAML with positions, validated by JSON Schema,
library includes, parameters, overrides), and ``rulebuild`` builds and
type-checks every rule in it; ``cache`` keeps a loaded pack until one of its
files changes; ``framework`` loads the Ofsted framework a pack is judged in (categories,
grades, judgement areas, grading policy, themes, the products its letters
are written as), all as data; ``policy`` resolves a pack's grading and a
rule's thresholds over it.
"""
