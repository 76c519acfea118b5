# %% [markdown]
# # On-grid continuations of the bundled model on a lent GPU: seeds, FGM and weight soups
#
# One on-grid CPU epoch (notebooks/social_register.py) was the first continuation of the int8 artefact whose
# learning survived the export; each takes 11 minutes on 2 CPU cores, so only a few were tried. A lent GPU runs
# many at once. Every run starts from the served weights (rebuilt from the int8 ONNX: training/int8_rebuild.py),
# trains on the serving grid (lr 3e-5, review texts half distilled from the artefact itself) and keeps its best
# epoch on dev; then uniform and greedy soups of the runs' grid weights, re-snapped to the grid, are scored too.
# The candidate with the best dev review accuracy (PyTorch on the grid, 256 tokens) comes back and is packaged
# here like the artefact; it is adopted only if it serves better on dev than the artefact, before the test split
# or the gold set is read.
#
# Three steps, because the GPU machine gets the repository and a few MB beside it (training/portable.py):
# 1. `python notebooks/gpu_continuations.py prepare` (here, about 3 min): the training sets with the artefact's
#    logits, the encoder's config and tokenizer, and the opencc wheel, into `.gpu/` (git-ignored).
# 2. On the GPU machine, with `.gpu` carried:
#    `python -m pip install -q --no-index --no-deps --target /tmp/site .gpu/*.whl && PYTHONPATH=/tmp/site:. python
#    notebooks/gpu_continuations.py device $OUT` (about 6 min on an H200).
# 3. `python notebooks/gpu_continuations.py collect DIR` (here, about 8 min): rebuilds the chosen candidate, packages it
#    under training/runs/gpu-continuations/candidate and compares served dev reviews and probes with the artefact.
# 4. Only if it served better on dev: `python notebooks/gpu_continuations.py adopt training/runs/gpu-continuations
#    "NAME OF THE ARTEFACT" "NOTE" DIR` (for a `cpu-epoch SEED` candidate: its folder under WORK and no DIR).
#
# Result on 2026-11-26 (one H200, 8 processes sharing it, about 100 s an epoch each; two batches, 237 s and 399 s of
# training). Dev reviews, PyTorch on the grid at 256 tokens; the start model (the bundled artefact rebuilt) 89.00 %:
#
# | runs | epochs | FGM | dev reviews per run (best epoch) | uniform soup |
# |---|---|---|---|---|
# | seeds 60-63 | 2 | no | 88.71 / 89.06 / 88.88 / 89.17 % | 88.82 % |
# | seeds 64-67 | 2 | epsilon 1.0 | 89.69 / 89.75 / 89.52 / 89.80 % | 89.75 % |
# | seeds 70-77 | 3 | epsilon 1.0 | 89.52 / 90.15 / 89.57 / 89.80 / 89.69 / 89.98 / 89.69 / 89.80 % | 89.80 % |
#
# All eight of the first batch together: 89.23 %; greedy soups kept the best run alone (90.15 % with seed 73 added, a
# tie), and seeds 67 and 71 together gave 90.03 % (scored here afterwards). Chosen: seed 71. Packaged and served (no
# TF-IDF expert: the blend weight refitted to 0) dev reviews 89.86 % against the artefact's 89.57 %; probes sincere
# praise and sarcasm 63 of 70 (60), everyday texts 76 of 82 (77), social texts 37 of 43 (36). Adopted before the test
# split or the gold set was read; afterwards review test 89.51 -> 89.68 %, gold sentiment 87.4 -> 88.4 %, top emotion
# 74.6 -> 76.2 %.
#
# One more on-grid FGM epoch of that artefact on 2 CPU cores (`cpu-epoch 80`, 2,240 s in fp32 on an Intel Xeon without
# native bf16): dev on the grid 90.03 % at 192 tokens (seed 71: 90.09 %); served dev reviews 89.98 % against 89.86 %,
# probes 62 / 77 / 37 (63 / 76 / 37). Adopted by the same rule; afterwards review test 89.68 % either way, gold
# sentiment 88.4 -> 87.6 %, top emotion 76.2 -> 75.8 %.
#
# 2026-11-27, 2 CPU cores of an AMD EPYC with native bf16 (an epoch 1,249 s under bf16 autocast). Before the next
# candidate the rule got a margin, because two adoptions by +5 and +2 dev texts moved test by +3 and 0: adopt a plain
# continuation only at >= 4 served dev texts over the artefact (>= 1,566 of 1,736) with the probe totals together down
# by at most 2. Served dev reviews against the artefact's 89.98 % (1,562), probes sincere / everyday / social held out /
# idioms held out (62 / 77 / 37 / 14):
#
# | candidate | served dev | probes | adopted |
# |---|---|---|---|
# | `cpu-epoch 81` | 89.92 % (1,561) | 64 / 76 / 37 / – | no |
# | `cpu-epoch 83`, with `training/synthetic_idioms.py` | 90.15 % (1,565) | 64 / 76 / 39 / 15 | no: its own rule asked 17 of 20 idioms |
# | `cpu-epoch 84 …/cpu-83/candidate/transformer` (continuing 83) | 89.86 % (1,560) | 63 / 76 / 39 / 16 | no |
# | `cpu-epoch 85`, with the idiom texts | 89.75 % (1,558) | 63 / 76 / 39 / 16 | no |
#
# Each row's rule was written down before it ran. The idiom texts lift the held-out idioms by 1-2 of 20 and the social
# held-out set by 2, without moving dev reviews beyond the run-to-run spread (1,558-1,565 here); they stay in the
# training data for the next `make model`, and the bundled artefact is unchanged.
#
# 2026-11-27, second session, same machine type. Rule for every candidate below, written before the first ran: adopt
# only at served dev reviews >= 1,566 of 1,736 and the four probe totals together >= 188 (the artefact: 62 + 77 + 37 +
# 14 = 190); the first candidate that passes is adopted and later ones are measured against it. New ingredient: an
# ensemble teacher (`--also-taught-by=COMMIT,...`: the review texts distilled from the geometric mean of the start
# artefact and earlier bundled artefacts from git), since one epoch of self-distillation only reteaches the
# artefact's own view of the doubtful labels.
#
# | candidate | served dev | probes | adopted |
# |---|---|---|---|
# | `cpu-epoch 86 --also-taught-by=43e4cf0` (with the GPU-continued artefact) | 89.98 % (1,562; fp32 on the grid 89.86 %) | 63 / 77 / 39 / 16 | no: a tie |
# | `cpu-epoch 87 --also-taught-by=43e4cf0,f81492a,fef6305,822d10a` (all four predecessors) | 89.92 % (1,561; 89.80 %) | 63 / 76 / 39 / 16 | no |
# | `cpu-epoch 88 --also-taught-by=43e4cf0` | 89.75 % (1,558; 90.09 %) | 63 / 76 / 39 / 15 | no |
# | `cpu-epoch 89 --also-taught-by=43e4cf0` | 89.57 % (1,555; 89.69 %) | 64 / 77 / 39 / 16 | no |
#
# The ensemble teacher lifted the probes in every run (193-196 against 190: the social and idiom sets held out from
# training, +1 to +2 each) but not dev reviews, which stay within the spread of the self-taught runs (1,555-1,565 over
# both sessions). The fp32 and served dev figures differ by up to 0.34 points either way (export rounding, calibration,
# class priors), so a run's fp32 dev accuracy does not predict which candidate serves best.
#
# 2026-11-27, third session, with a lent H200 (15 minutes of device time: one call). Rule, written before the call:
# the batch in `RUNS` (seeds 90-97, three on-grid FGM epochs each from the bundled artefact, review texts taught by the
# geometric mean of the artefact and 43e4cf0's: `prepare --also-taught-by=43e4cf0`) plus its soups; the one with the
# best fp32 dev comes back and is adopted only at served dev reviews >= 1,566 of 1,736 and the four probe totals
# together >= 188, as in the second session. Choosing the best of eight runs and four soups on dev inflates its dev
# figure, which is why the served margin stays at +4 texts.
#
# Result (one H200, 8 processes, 412 s of training, 445 s the whole call): start model dev 90.03 % (PyTorch on the grid,
# 256 tokens); best epochs 90.03 / 90.15 / 90.03 / 90.26 / 90.03 / 89.98 / 90.09 / 89.86 % (seeds 90-97); uniform soup
# 90.21 %, greedy soup seed 93 alone. Chosen: seed 93 (epoch 3). Served dev reviews 90.03 % (1,563) against the
# artefact's 89.98 % (1,562), probes 63 / 76 / 39 / 16 (194) against 62 / 77 / 37 / 14: not adopted (+1 text, not +4).
#
# Then, here, without the GPU: `soup NAME FOLDER...` averages finished runs' grid weights and re-snaps them. Rule,
# written before it ran: the uniform soup of the five ensemble-taught continuations (GPU seed 93, CPU seeds 86-89),
# since averaging independent continuations lowers their variance instead of picking the luckiest; adopted only at
# served dev >= 1,566 and probes >= 188, like every candidate this day.
#
# Result: the soup served 89.69 % on dev (1,557), probes 65 / 76 / 39 / 16 (196): not adopted. As with the four runs
# of 2026-11-26 (`notebooks/soup_and_neighbours.py`), averaging continuations of one start does not beat its members.
#
# A defect found reading the artefact's dev errors: it reads the pros / cons form by its header, not its fields
# (优点：物流快，包装好 negative 0.93, 缺点：暂时没发现 0.69), because the corpus labels each fragment of such a form with the
# whole review's verdict. `training/synthetic_pros_cons.py` generates the form with the fields deciding. Rule for
# `cpu-epoch 98 --also-taught-by=43e4cf0` with those texts, written before it ran: this is a fix for customers' writing,
# not a step towards 90 %, so adopt if served dev reviews stay >= 1,559 (at most 3 texts below the artefact, inside the
# spread of the nine candidates before it), the four probe totals together >= 190 (no loss), and the new held-out
# pros / cons probes (`notebooks/probes.py`, written by hand, none from the generator's templates) gain >= 6. The
# test figure after adoption is reported whatever it is. Corrected before the run finished: the artefact then read 21
# of the 26 probes right (its five misses are all praise under a 优点 header), so a gain of 6 was impossible; the
# threshold became >= 24 of 26.
#
# Result: served dev 89.75 % (1,558, four below the artefact), probes 64 / 75 / 39 / 15 (193), pros / cons 23 of 26: not
# adopted. It read 优点：物流快，包装好 positive 0.83 and four of the five praise forms the artefact missed, but it read
# both balanced forms (优点是轻薄，缺点是接口少，按需选择吧) as complaints: the generator then had no balanced form, so one
# epoch taught 缺点 as a verdict of its own. The generator gained balanced forms (neutral), and the next candidate,
# `cpu-epoch 99 …/cpu-98/candidate/transformer --also-taught-by=43e4cf0` (a second epoch, continuing 98, with them), has
# the same rule, written before it ran: served dev >= 1,559, four probe totals >= 190, pros / cons >= 24 of 26.
#
# Result: served dev 89.57 % (1,555, seven below the artefact), probes 62 / 75 / 39 / 16 (192), pros / cons 24 of 26
# (both balanced forms neutral again): not adopted, on dev. The pros / cons texts stay in the training data for the next
# `make model`; the bundled artefact still reads 优点：物流快，包装好 as a complaint.
#
# 2026-11-27, fourth session (no GPU lent). Each whole continuation epoch flips 25-35 served dev reviews each way
# (cpu-98 against the artefact: 11 gained, 15 lost; 4 of the gains and 3 of the losses pros / cons fragments), so a fix
# drowns in the churn of everything else the epoch relearns. `cpu-edit SEED [EPOCHS [REPLAY]]` trains only the fix:
# the generated pros / cons forms in the training split with their labels, and REPLAY times as many other training
# texts drawn at random, each taught by the artefact alone (distillation weight 1: learning without forgetting),
# on the grid with FGM, lr 3e-5 (`training.candidates.edit_candidate`). Rule, written before the first ran, the
# 98 / 99 rule: adopt if served dev reviews >= 1,559, the four other probe totals >= 190 and pros / cons >= 24 of 26.
# At most three settings, in this order, the first that passes adopted: `cpu-edit 100` (1 epoch, replay 2),
# `cpu-edit 101 2` (2 epochs), `cpu-edit 102 1 4` (replay 4).
#
# Result, `cpu-edit 100` (1,435 forms, 2,870 replayed; 225 s of training, 12 min in all): served dev 89.75 % (1,558),
# probes 62 / 75 / 37 / 14 (188), pros / cons 25 of 26: not adopted (dev and probes). The replay did not stop the churn:
# 13 dev reviews gained, 17 lost (cpu-98: 11 and 15). Packaging had also refitted the serving fit on dev, moving the
# TF-IDF blend weight 0 -> 0.25; with the artefact's fit instead (`training.candidates.keep_serving_fit`, a diagnostic
# scored afterwards, not a candidate) the same weights served 1,556, with 28 flips, so the churn is the encoder's.
# Amended before the next ran: every later edit keeps the artefact's serving fit (a fix to the encoder should change
# nothing else), and since more replay is what should hold the rest in place, `cpu-edit 102 1 4` runs before
# `cpu-edit 101 2`. Same thresholds.
#
# Amended again before any edit after 100 was scored (102 was stopped while training and restarted): packaging also
# ran the quantisation-aware pass, which for weights trained and saved on the grid only moves them. The start model
# (the artefact rebuilt) packaged with the pass served 1,560 with 10 dev reviews flipped; without it, 1,562 and none.
# Edits are now packaged without it (`grid_steps=0`).
#
# Result, `cpu-edit 102 1 4` (1,435 forms, 5,740 replayed; 326 s of training): served dev 89.92 % (1,561, one below the
# artefact; 15 gained, 16 lost), probes 62 / 76 / 38 / 15 (191), pros / cons 25 of 26 (优点：物流快，包装好 +0.77,
# 缺点：暂时没发现 +0.63). Passes its rule: adopted before the test split or the gold set was read.
# Measured after adoption: review test 89.68 -> 89.34 % (1,550 of 1,735: 24 test reviews flipped, one pros / cons form
# gained, 8 other texts gained and 15 lost), gold sentiment 87.6 -> 88.2 %, top emotion 75.8 -> 78.0 %. Even this edit
# moved 31 dev and 24 test reviews that it was not about: the replay holds the averages in place, not the borderline
# fragments.
#
# Next, from that artefact, a fix for guessed causes, luck and unwanted things (`training/synthetic_hedges.py`, 1,200
# texts now in the training data; `notebooks/probes.py` HEDGES_HELD_OUT, 22 hand-written texts, the artefact 16):
# `cpu-edit 103 1 4 hedges`. Rule, written before it ran: adopt if served dev reviews >= 1,558 (at most 3 below the
# artefact's 1,561), the four probe totals >= 191 (no loss), pros / cons >= 24 of 26, and hedges >= 19 of 22 (+3).
#
# Result (1,042 hedge texts, 4,168 replayed): served dev 89.23 % (1,549, twelve below), probes 64 / 76 / 38 / 15 (193),
# pros / cons 25, hedges 17 of 22: not adopted. Still missed: unwanted things said to be absent in words the generator
# does not use (没有任何套路, 没有多余的卡片和传单 −0.84) and luck credited with a fault's absence (−0.83).
#
# Next, from the same artefact, the praise idioms in a complaint's words and "received, not used yet" lines
# (`training/synthetic_idioms.py`; whole epochs with them, seeds 83-85, moved the held-out idioms by 1-2 of 20):
# `cpu-edit 104 1 4 idioms`. Rule, written before it ran: adopt if served dev reviews >= 1,558, sincere + social design
# + social held out >= 176 (no loss), idioms held out >= 17 of 20 (+2, cpu-83's bar), pros / cons >= 24, hedges >= 16.
#
# Result (1,019 idiom texts, 4,076 replayed): served dev 89.46 % (1,553, eight below), probes 62 / 73 / 38, idioms 16 of
# 20, pros / cons 23, hedges 15: not adopted. Of three edits, the one whose texts have a form of their own (the pros /
# cons headers) fixed it and held dev; the two whose cues are words inside ordinary sentences moved their probes by
# one and lost 8-12 dev reviews.
#
# Does a smaller step flip fewer reviews it is not about? Every weight on the grid that crosses a rounding boundary
# jumps, so a third of the learning rate should move fewer of them. `cpu-edit 105 1 4 hedges 1e-5` (edit 103 at lr
# 1e-5), under 103's rule, written before it ran: dev >= 1,558, four probe totals >= 191, pros / cons >= 24, hedges
# >= 19 of 22. Whatever it scores, its flips against the artefact are counted (edit 102 against the artefact before
# it: 31).
#
# Result: served dev 89.40 % (1,552), probes 63 / 75 / 38 / 15 (191), pros / cons 25, hedges 16 of 22 (no gain): not
# adopted. Against the artefact it flipped 25 dev reviews (8 gained, 17 lost); edit 103 at lr 3e-5 flipped 34 (11 and
# 23). A third of the step removed a quarter of the churn and all of the fix. Both hedge edits lost more dev reviews
# than they gained: in the corpus a guessed cause mostly does explain a fault, so unlearning that costs corpus texts.
#
# 2026-11-27, fifth session (no GPU lent), one last whole epoch from the edited artefact with every generator now in
# the training data (pros / cons, hedges, idioms) and the slang glossary in normalisation: `cpu-epoch 106`. Rule,
# written before it ran, the plain-continuation rule with the edit's fix held: adopt only at served dev reviews
# >= 1,565 of 1,736 (the artefact 1,561, +4), the four probe totals >= 189 (the artefact 62 + 76 + 38 + 15 = 191, at
# most 2 down) and pros / cons >= 24 of 26.
#
# Result (1,289 s of training under bf16 autocast; fp32 dev on the grid 89.80 %): served dev 89.80 % (1,559, two below
# the artefact), probes 65 / 76 / 38 / 15 (194), pros / cons 23 of 26, hedges 21 of 22 (the artefact 16): not adopted
# (dev and pros / cons). A whole epoch learnt the hedges that the targeted edits could not (edit 103: 17 of 22 at
# twelve dev reviews lost) at a cost of two dev reviews, so the hedge texts belong in the next `make model`.
#
# 2026-11-27, sixth session (no GPU lent): a second whole epoch, continuing 106 (`cpu-epoch 107
# training/runs/gpu-continuations/cpu-106/candidate/transformer`), since on the GPU a third FGM epoch beat the second in
# 6 of 8 seeds and 106 had learnt the hedges at a small dev cost. Rule, written before it runs, the same as 106's: adopt
# only at served dev reviews >= 1,565 of 1,736, the four probe totals >= 189 and pros / cons >= 24 of 26.
#
# Result (1,577 s of training under bf16, sharing the cores with other work; fp32 dev on the grid 89.98 %): served dev
# 89.52 % (1,554, seven below the artefact's 1,561), probes 66 / 77 / 39 / 16 (198), pros / cons 23 of 26, hedges 22 of
# 22, the 243 new customer texts 225 (the artefact 226): not adopted (dev and pros / cons). Its packaging first failed
# on a serving-code change made while it trained (a module imported before the change met one imported after); the
# saved weights were packaged and compared afterwards, unchanged. A second epoch gained the probes again and lost dev
# reviews again: 106 and 107 are -2 and -7 texts from the artefact.
#
# 2026-11-27, sixth session: service requests. The artefact read returns and exchanges asked for the customer's own
# reasons as complaints (我需要换一个大一码的 -0.82, 给婆婆买的，她说用不惯，想退掉 -0.77), each a false triage item
# and recovery action. `training/synthetic_requests.py` writes the same requests with own reasons (neutral) and with
# faults (complaints); `notebooks/probes.py` REQUESTS_HELD_OUT holds 20 hand-written ones (the artefact: 16; its first
# text was seen among the session's customer texts before the generator was written). Like the pros / cons form, a
# request has a shape of its own, so a targeted edit: `cpu-edit 108 1 4 requests`. Rule, written before it runs, a fix
# for customers' writing: adopt if served dev reviews >= 1,558 (at most 3 below the artefact's 1,561), the four probe
# totals (sincere, social design, social held out, idioms) >= 189 (the artefact 191), pros / cons >= 24 of 26, hedges
# >= 16 of 22, the session's customer texts >= 256 of 283 (the artefact 258) and requests >= 19 of 20.
#
# Result (927 request texts, 3,708 replayed; 217 s of training): served dev 89.69 % (1,557), probes 60 / 71 / 35 / 16
# (182), pros / cons 24, hedges 13 of 22, customer texts 257 of 283, requests 18 of 20: not adopted (dev, probes,
# hedges and requests). It learnt two of the four requests and unlearnt five everyday texts and three hedges: like the
# hedge and idiom edits, and unlike the pros / cons one, the fix drowned in what the epoch moved elsewhere. The request
# texts stay in the training data for the next `make model`.
#
# 2026-11-27, eleventh session (no GPU lent): questions put to the business as 你们. The artefact read every one of 30
# hand-written inquiries (你们酒店有停车位吗？ −0.95, 你们周末营业吗？, 你们支持花呗吗？) as an angry complaint, and the word
# 你们 alone at −0.90, while 请问有停车位吗 read neutral: in chat and ticket messages each is a false triage item.
# `training/synthetic_second_person.py` puts inquiries, complaints and praise to the business as 你们;
# `notebooks/probes.py` SECOND_PERSON_HELD_OUT holds 46 hand-written ones, written first (the artefact: inquiries 0 of
# 30, complaints 12 of 12, praise 3 of 4). A 你们 question has a shape of its own, like the pros / cons form, so a
# targeted edit: `cpu-edit 110 1 4 second-person` (its focus every generated text holding 你们, with their labels).
# Rule, written before it runs, a fix for customers' writing: adopt if served dev reviews (each read without its own
# memory vote) >= 1,566 of 1,736 (the artefact 1,569, at most 3 below), second-person inquiries >= 24 of 30, its
# complaints >= 11 of 12 and all 46 >= 38, every other probe set at most 2 below the artefact (sincere 62, social design
# 75, social held out 38, idioms 14, pros / cons 25, hedges 14, customer texts 454, requests 16, customer texts held
# out 112) and their sum at most 3 below (810). If it fails, one more setting only, `cpu-edit 111 1 8 second-person`
# (twice the replay), under the same rule. The test split and the gold set are read once, after adoption.
#
# Result, `cpu-edit 110 1 4 second-person` (1,269 focus texts, 5,076 replayed; 296 s of training): served dev 89.80 %
# (1,559, ten below), second-person 44 of 46 (inquiries 29 of 30, complaints 11 of 12, praise 4 of 4), the other probes
# 62 / 75 / 38 / 16 / 24 / 15 / 452 / 17 / 111 (810): not adopted (dev). `cpu-edit 111 1 8 second-person` (10,152
# replayed; 525 s): served dev 89.23 % (1,549), second-person 44 of 46, the other probes 61 / 76 / 38 / 15 / 24 / 17 /
# 454 / 16 / 111 (812): not adopted (dev). Twice the replay lost more dev reviews, not fewer.
#
# One whole epoch learnt the hedges at two dev reviews' cost where edits lost twelve, so the last candidate for this
# fix outside a rebuild: `cpu-epoch 112` (one on-grid FGM epoch from the artefact on the training sets with the 你们
# texts, the review texts half taught by the artefact). Rule, written before it runs: the edits' rule (served dev
# >= 1,566, second-person inquiries >= 24 of 30, complaints >= 11 of 12, all 46 >= 38, every other probe set at most
# 2 below the artefact and their sum at most 3 below 810).
#
# Result (1,368 s of training under bf16; fp32 dev on the grid 89.57 %): served dev 89.63 % (1,556, thirteen below),
# second-person 44 of 46 (inquiries 29 of 30, complaints 11 of 12, praise 4 of 4), the other probes 63 / 75 / 38 / 15 /
# 23 / 20 / 444 / 19 / 111 (808; customer texts ten below): not adopted (dev, pros / cons, customer texts). All three
# candidates learnt the 你们 questions (29 of 30 inquiries; each misses 你们还招人吗？ and reads 你们的质检是干什么吃的？
# neutral) and each lost 10-20 dev reviews. None of the 13 dev reviews holding 你们 flipped under edit 110 (it gained 6
# and lost 16 others): the loss is churn, not the fix reaching the corpus's 你们. The texts stay in the training data: the `make model` rebuild restarted
# from scratch with them (its members teach every training text, so members that never saw them would teach the
# 你们 inquiries as complaints).
#
# 2026-11-28, twelfth session (no GPU lent). The `make model` rebuild (about 6 h on 2 cores) lost its checkpoints with
# the previous session's machine: a session here keeps only what was committed, so it cannot finish without a GPU.
# Each 你们 candidate above learnt the questions and lost 10-20 dev reviews to churn. Where does the churn come from?
# Every trained int8 weight that crosses a rounding boundary jumps a whole grid step, and the borderline reviews move
# with it. The export keeps the embeddings, LayerNorms and biases in fp32 (the word embeddings are 43 of the
# artefact's 59 MB), so an edit that trains only those (`TrainConfig.fp32_served_only`, no weight decay: the rows of
# tokens it never reads stay exactly as served) moves no int8 weight at all, and the 你们 rows are where this fix lives.
# `cpu-edit 113 1 4 second-person 1e-4 fp32-only` (lr 1e-4: these are few parameters, BitFit's range). Rule, written
# before it runs: the 110-112 rule: adopt if served dev reviews (each without its own memory vote) >= 1,566 of 1,736
# (the artefact 1,569), second-person inquiries >= 24 of 30, complaints >= 11 of 12, all 46 >= 38, every other probe
# set at most 2 below the artefact (sincere 62, social design 75, social held out 38, idioms 14, pros / cons 25, hedges
# 14, customer texts 454, requests 16, customer texts held out 112) and their sum at most 3 below 810; or, whatever
# the 你们 probes read, served dev >= 1,573 with every probe set at most 2 below. One more setting at most, chosen by
# how 113 fails: on the 你们 bars only (the fix not learnt), `cpu-edit 114 1 4 second-person 3e-4 fp32-only`; on dev
# or the other probes, `cpu-edit 115 1 4 second-person 3e-5 fp32-only`; on both, none. The test split and the gold
# set are read once, after adoption.
#
# Result, `cpu-edit 113 1 4 second-person 1e-4 fp32-only` (1,269 focus texts, 5,076 replayed; 197 s of training,
# fp32 dev on the grid 89.69 %): served dev 89.57 % (1,555, fourteen below), second-person 44 of 46 (inquiries 29 of
# 30, complaints 11 of 12, praise 4 of 4; still 你们还招人吗？ and 你们的质检是干什么吃的？), the other probes 61 / 74 / 37 / 16 /
# 25 / 15 / 450 / 17 / 109 (804): not adopted (dev, customer texts, their sum). It failed on dev and the other
# probes, not on the fix, so by the rule: `cpu-edit 115 1 4 second-person 3e-5 fp32-only`, same bars.
#
# Result, `cpu-edit 115 1 4 second-person 3e-5 fp32-only` (224 s of training; fp32 dev on the grid 89.57 %): served dev
# 89.69 % (1,557, twelve below), second-person 23 of 46, the other probes 61 / 74 / 37 / 16 / 24 / 15 / 453 / 16 / 110
# (806): not adopted (dev, the fix, the sum). By the rule no third setting. The churn is not the grid: 113 and 115
# move no int8 weight and still lose 25 and 18 dev reviews, mostly negatives now read positive, 15 of 115's among
# 113's (`notebooks/edit_diagnostics.py`, which also shows that an in-fold decision offset gives none of them back).
#
# The smallest edit there is: train one word-embedding row, 你's (`TrainConfig.trained_token_rows`; 你们 is 你 + 们 to
# the tokenizer, and 们 is in every 我们). No text without 你 can read differently afterwards: 97 of the 1,736 dev
# reviews hold it (13 hold 你们), so the churn that sank 110-115 is bounded by them. The training reviews hold 你们 in
# 104 complaints and 25 praises, which is where the habit comes from. `cpu-edit 116 1 4 second-person 1e-3 rows=你`:
# the 1,269 generated 你们 texts with their labels, and every other training text holding 你 replayed, taught by the
# artefact alone (a text without 你 has no gradient to give); one epoch, lr 1e-3 (a single row needs a larger step
# than a whole model), no FGM. Rule, written before it runs: the same as 110-115 (adopt if served dev >= 1,566,
# second-person inquiries >= 24 of 30, complaints >= 11 of 12, all 46 >= 38, every other probe set at most 2 below the
# artefact and their sum at most 3 below 810; or served dev >= 1,573 with every probe set at most 2 below). One more
# setting at most, chosen by how 116 fails: on the 你们 bars only, `cpu-edit 117 3 4 second-person 1e-3 rows=你`
# (three epochs); on dev or the other probes, `cpu-edit 118 1 4 second-person 3e-4 rows=你`; on both, none. The test
# split and the gold set are read once, after adoption.
#
# Result, `cpu-edit 116 1 4 second-person 1e-3 rows=你` (1,269 focus texts, 1,064 replayed; 84 s of training): served
# dev 89.92 % (1,561, eight below), second-person 25 of 46, the other probes 61 / 75 / 38 / 14 / 25 / 16 / 454 / 16 /
# 112 (811). Not adopted as packaged. But none of its 12 lost and 4 gained dev reviews holds 你, the only token it
# trained: packaging had recalibrated the activation ranges on the training texts, which have grown since the artefact
# was packaged (2,034 → 2,055 calibration windows), and every text moved a little with the new ranges. `keep_serving_fit`
# kept the artefact's temperatures, priors, experts and memory but not its ranges (adopted after it was written) nor its
# clause probe; it now keeps both (`training.activation_ranges.reuse_activation_ranges`). Every edit before 116 was
# packaged with recalibrated ranges too, so part of their churn was this. Since it was found reading 116's dev flips,
# the repackaged 116 (`repackage 116`: the same trained weights) is judged under the same bars, written here before it
# is scored: adopt if served dev >= 1,566, second-person inquiries >= 24 of 30, complaints >= 11 of 12, all 46 >= 38,
# every other probe set at most 2 below and their sum at most 3 below 810. If it fails, the choice above stands
# (117 on the 你们 bars only, 118 on dev or the other probes, none on both), packaged the same way.
#
# Result, `repackage 116`: served dev 90.38 % (1,569, the artefact's count: no dev review moved), second-person 25 of
# 46 (inquiries 9 of 30, complaints 12 of 12, praise 4 of 4), the other probes 61 / 75 / 38 / 14 / 25 / 14 / 454 / 16 /
# 113 (810): not adopted (the 你们 bars). It failed on the 你们 bars only, so by the rule: `cpu-edit 117 3 4
# second-person 1e-3 rows=你` (three epochs), packaged with the artefact's ranges.
#
# Written while 117 was packaging, before any of its served figures: its fp32 dev accuracy was the same to the last
# review in all three epochs (89.75 %; one row can move only the 97 dev reviews holding 你, and none of them moved), so
# the run's best-epoch rule, which keeps the earliest of tied epochs, kept epoch 1 and packaged that. The rule above
# named three epochs: the candidate it names is the last epoch's weights (`repackage-last 117`, from the run's
# checkpoint), judged under the same bars. The epoch-1 packaging is scored as well and reported, not adopted.
#
# Result, `cpu-edit 117 3 4 second-person 1e-3 rows=你` (241 s of training; train loss 0.54 / 0.32 / 0.31 by epoch), the
# epoch-1 packaging (reported only): served dev 1,569, second-person 44 of 46 (inquiries 28 of 30, complaints 12 of
# 12, praise 4 of 4), the other probes 61 / 75 / 38 / 14 / 25 / 14 / 454 / 16 / 113 (810). `repackage-last 117`, the
# candidate: served dev 90.38 % (1,569, the artefact's count), second-person 44 of 46 (inquiries 29 of 30, complaints
# 11 of 12, praise 4 of 4; still 你们还招人吗？ −0.84 and 你们的质检是干什么吃的？ read neutral −0.08), the other probes 61 / 75 /
# 38 / 14 / 25 / 14 / 454 / 16 / 113 (810, sincere one below, customer texts held out one above). Its int8 model
# differs from the artefact's in one initializer, and there in one row (token 872, 你). Passes its rule: adopted
# (`adopt training/runs/gpu-continuations/edit-117 … --folder=candidate-last`) before the test split or the gold set
# was read.
#
# Measured after adoption (test and gold read once): review test 89.80 % unchanged (1,558, same confusion matrix),
# gold sentiment 88.62 → 88.21 %: of the 22 gold texts holding 你, a wait-and-see threat with no fault word
# (我已经在微博上发帖了，看你们什么时候给解决。) and the sarcastic 我谢谢你全家 now read positive. The generated 你们 complaints all
# name a fault, so the row learnt that 你们 alone carries no complaint, and threats that name only the step lost the
# cue. `notebooks/probes.py` THREATS_HELD_OUT, 16 such threats written before any generator had them (none in the gold
# set's words): the previous artefact 16, this one 14 (我已经在抖音上发视频了，等你们回应。 +0.15, 律师函已经在路上了，你们好自为之。
# +0.29). `training/synthetic_second_person.py` now writes threats that name a step taken (2 in 14 of its draws).
# `cpu-edit 118 3 4 second-person 1e-3 rows=你` from this artefact, its candidate the last epoch (`repackage-last
# 118`), as for 117. Rule, written before it runs: adopt if served dev >= 1,566 of 1,736 (the artefact 1,569), threats
# held out >= 15 of 16, second-person >= 42 of 46 with inquiries >= 27 of 30 and complaints >= 11 of 12, every other
# probe set at most 2 below the artefact (61 / 75 / 38 / 14 / 25 / 14 / 454 / 16 / 113) and their sum at most 3 below
# 810. One setting only. Test and gold are read once, after adoption.
#
# Result, `cpu-edit 118 3 4 second-person 1e-3 rows=你` (train loss 0.33 / 0.32 / 0.32; fp32 dev tied again, the run
# kept epoch 1, packaged and reported only: dev 1,569, threats 16 of 16, 你们 44 of 46). `repackage-last 118`, the
# candidate: served dev 1,569, threats held out 16 of 16, second-person 44 of 46 (inquiries 29 of 30, complaints 11
# of 12, praise 4 of 4), every other probe set equal to the artefact's (810). Passes its rule: adopted before the test
# split or the gold set was read.

# %%
import json
import multiprocessing
import shutil
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import torch

from models.registry import DEFAULT_TRANSFORMER_DIR
from training import finetune, grid, portable
from training.ensemble import _fine_tune
from training.int8_rebuild import rebuild
from training.synthetic_hedges import is_hedge_text
from training.synthetic_idioms import is_idiom_text
from training.synthetic_pros_cons import is_pros_cons_text
from training.synthetic_requests import is_request_text
from training.synthetic_second_person import is_second_person_text

STAGE = Path(".gpu")
EXAMPLES = STAGE / "examples.jsonl.xz"
ENCODER = STAGE / "encoder"
WORK = Path("training/runs/gpu-continuations")
PART_BYTES = 15 * 2**20  # the device gives back files of at most 16 MiB
RECIPE = dict(lr=3e-5, max_length=192, on_grid=True, threads=2)
# The batch the next `device` call trains (earlier batches: the header's tables). Seeds 90-97: three FGM epochs each,
# the recipe of the best batch on 2026-11-26, now with the ensemble teacher that `prepare --also-taught-by` stages.
RUNS = [dict(seed=s, epochs=3, adversarial_epsilon=1.0) for s in range(90, 98)]
TRAINING_DEADLINE_S = 420  # after this, runs still training are stopped and their best epoch so far is used


def prepare(also_taught_by: tuple[str, ...] = ()) -> None:
    """Step 1, here: everything the GPU machine needs beyond the repository. The review texts' soft targets come
    from the bundled artefact, alone or in a geometric-mean ensemble with the bundled artefacts of `also_taught_by`."""
    from training.candidates import artefact_at_commit
    from training.cli import _base_model
    from training.datasets import training_sets
    from training.distill import ensemble_sentiment_logits

    STAGE.mkdir(exist_ok=True)
    train_set, dev_set = training_sets()
    teachers = [DEFAULT_TRANSFORMER_DIR, *(artefact_at_commit(c, WORK / "teachers" / c) for c in also_taught_by)]
    teacher = ensemble_sentiment_logits(teachers, [e.text for e in train_set if e.source == "reviews"])
    portable.write_examples(EXAMPLES, train_set, dev_set, teacher)
    base, _, _ = _base_model(None)
    ENCODER.mkdir(exist_ok=True)
    for name in ("config.json", "tokenizer.json", "tokenizer_config.json", "special_tokens_map.json"):
        shutil.copy(Path(base) / name, ENCODER / name)
    subprocess.run([sys.executable, "-m", "pip", "download", "-q", "--no-deps", "-d", str(STAGE),
                    "opencc-python-reimplemented==0.1.7"], check=True)
    print(f"{len(train_set)} train, {len(dev_set)} dev, {len(teacher)} taught; staged "
          f"{sum(f.stat().st_size for f in STAGE.rglob('*') if f.is_file()) / 1e6:.1f} MB")


def dev_accuracy(model: finetune.SentimentEmotionModel, tokenizer, dev_reviews, device: str) -> float:
    logits, _ = finetune.predict_logits(model, tokenizer, [e.text for e in dev_reviews], 256, device=device)
    return finetune.binary_dev_scores(logits, [e.sentiment for e in dev_reviews])[0]


def soup(states: list[dict[str, torch.Tensor]], model: finetune.SentimentEmotionModel,
         weights: list[float] | None = None) -> None:
    """Load the mean of `states` (weighted by `weights`, which sum to 1; uniform without) into `model`, every Linear
    weight snapped back to the grid."""
    def mixed(key: str) -> torch.Tensor:
        stacked = torch.stack([s[key].float() for s in states])
        if weights is None:
            return stacked.mean(0)
        return sum(w * member for w, member in zip(weights, stacked, strict=True))

    model.load_state_dict({k: mixed(k).to(states[0][k].dtype) for k in states[0]})
    with torch.no_grad():
        for linear in grid.linears(model):
            linear.weight.copy_(grid.on_grid(linear.weight))


def device(out: Path, where: str = "cuda", smoke: int = 0) -> None:
    """Step 2, on the GPU machine: train the runs in parallel, score them and their soups, send the best back.

    `smoke` > 0 rehearses it here on that many examples per split and two runs of one epoch (`device OUT cpu 64`)."""
    t0 = time.perf_counter()
    work = Path("/tmp/gpu-continuations")
    train_set, dev_set, teacher = portable.read_examples(EXAMPLES)
    runs = RUNS
    if smoke:
        train_set, dev_set = train_set[::len(train_set) // smoke], dev_set[::len(dev_set) // smoke]
        runs = [dict(r, epochs=1) for r in (RUNS[0], RUNS[-1])]
    dev_reviews = [e for e in dev_set if e.source == "reviews"]
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(str(ENCODER))
    start = rebuild(DEFAULT_TRANSFORMER_DIR, ENCODER)
    with torch.no_grad():  # the pooler is not in the int8 graph and never served: put it on the grid too
        start.encoder.pooler.dense.weight.copy_(grid.on_grid(start.encoder.pooler.dense.weight))
    base_config = finetune.TrainConfig(base_model=str(ENCODER), output_dir=work / "start", device=where, **RECIPE)
    finetune.save_model(start, tokenizer, work / "start", base_config)
    report: dict[str, object] = {"start_dev": dev_accuracy(start.to(where), tokenizer, dev_reviews, where)}
    print(f"{time.perf_counter() - t0:.0f} s: start model dev {report['start_dev']:.4f}", flush=True)

    configs = [replace(base_config, output_dir=work / f"seed{r['seed']}", **r) for r in runs]
    context = multiprocessing.get_context("spawn")
    processes = [context.Process(target=_fine_tune, args=(c, train_set, dev_set, teacher, work / "start"))
                 for c in configs]
    for p in processes:
        p.start()
    for p in processes:
        p.join(timeout=max(1.0, TRAINING_DEADLINE_S - (time.perf_counter() - t0)))
    for p in processes:
        if p.is_alive():
            p.terminate()
    report["training_s"] = time.perf_counter() - t0
    print(f"{report['training_s']:.0f} s: training done", flush=True)

    model = start
    singles: dict[str, tuple[float, dict[str, torch.Tensor]]] = {}
    for config in configs:
        try:
            trained, _ = finetune.load_model(config.output_dir / "best")
        except Exception as error:  # noqa: BLE001 (a run stopped at the deadline may have left no best epoch)
            print(config.seed, "no best epoch:", error)
            continue
        history = json.loads((config.output_dir / "history.json").read_text()) if (
            config.output_dir / "history.json").exists() else None
        state = {k: v.clone() for k, v in trained.state_dict().items()}
        singles[f"seed{config.seed}-fgm{config.adversarial_epsilon:g}"] = (
            dev_accuracy(trained.to(where), tokenizer, dev_reviews, where), state)
        report[f"history_seed{config.seed}"] = history
    candidates = dict(singles)
    ranked = sorted(singles, key=lambda k: -singles[k][0])
    groups = {"soup-all": ranked, "soup-nofgm": [k for k in ranked if k.endswith("fgm0")],
              "soup-fgm": [k for k in ranked if not k.endswith("fgm0")]}
    greedy: list[str] = []
    for name in ranked:  # greedy soup: add runs best first, keep each only if dev does not drop
        soup([singles[k][1] for k in [*greedy, name]], model)
        accuracy = dev_accuracy(model.to(where), tokenizer, dev_reviews, where)
        if not greedy or accuracy >= candidates.get("soup-greedy", (0.0, {}))[0]:
            greedy.append(name)
            candidates["soup-greedy"] = (accuracy, {k: v.cpu().clone() for k, v in model.state_dict().items()})
    report["greedy_members"] = greedy
    for name, members in groups.items():
        if len(members) > 1:
            soup([singles[k][1] for k in members], model)
            candidates[name] = (dev_accuracy(model.to(where), tokenizer, dev_reviews, where),
                                {k: v.cpu().clone() for k, v in model.state_dict().items()})
    report["dev"] = {k: v[0] for k, v in sorted(candidates.items(), key=lambda kv: -kv[1][0])}
    chosen = max(candidates, key=lambda k: candidates[k][0])
    report["chosen"] = chosen
    print(json.dumps(report["dev"], indent=1), "chosen", chosen, flush=True)
    model.load_state_dict(candidates[chosen][1])
    payload = work / "chosen.pt"
    torch.save(portable.compact_state(model), payload)
    data = payload.read_bytes()
    for i in range(0, len(data), PART_BYTES):
        (out / f"chosen.pt.part{i // PART_BYTES}").write_bytes(data[i : i + PART_BYTES])
    report["seconds"] = time.perf_counter() - t0
    (out / "report.json").write_text(json.dumps(report, indent=1, default=str))
    print(f"{report['seconds']:.0f} s: sent back {len(data) / 2**20:.1f} MiB", flush=True)


def _compare_with_artefact(candidate: Path) -> None:
    """Served dev reviews and probes of `candidate` beside the bundled artefact's."""
    from training.candidates import compare_served

    sys.path.insert(0, str(Path(__file__).parent))
    from probes import served_probe_scores

    compare_served([DEFAULT_TRANSFORMER_DIR, candidate], served_probe_scores)


def collect(folder: Path) -> None:
    """Step 3, here: rebuild the chosen weights, package them like the artefact, compare served on dev."""
    from transformers import AutoTokenizer

    from training.candidates import package_candidate
    from training.cli import _base_model

    parts = sorted(folder.glob("chosen.pt.part*"), key=lambda p: int(p.name.rsplit("part", 1)[1]))
    payload = WORK / "chosen.pt"
    WORK.mkdir(parents=True, exist_ok=True)
    payload.write_bytes(b"".join(p.read_bytes() for p in parts))
    base, _, _ = _base_model(None)
    model = finetune.SentimentEmotionModel.from_base(base)
    model.load_state_dict(portable.expand_state(torch.load(payload, weights_only=True)))
    report = json.loads((folder / "report.json").read_text())
    config = finetune.TrainConfig(base_model=base, output_dir=WORK / "best", device="cuda", **RECIPE)
    finetune.save_model(model, AutoTokenizer.from_pretrained(base), WORK / "best", config)
    (WORK / "best" / "device_report.json").write_text(json.dumps(report, indent=1))
    candidate = package_candidate(WORK / "best", WORK / "candidate")
    _compare_with_artefact(candidate)


def _saved_start(served: Path, folder: Path) -> Path:
    """The served folder's int8 weights rebuilt as a PyTorch model and saved under `folder`, to train further."""
    from transformers import AutoTokenizer

    from training.cli import _base_model

    base, _, _ = _base_model(None)
    finetune.save_model(rebuild(served, base), AutoTokenizer.from_pretrained(base), folder,
                        finetune.TrainConfig(base_model=base, output_dir=folder))
    return folder


def cpu_epoch(seed: int, start_from: Path = DEFAULT_TRANSFORMER_DIR, also_taught_by: tuple[str, ...] = ()) -> None:
    """One more on-grid FGM epoch of a served folder (the bundled artefact unless `start_from` names a candidate's) on
    this machine's CPUs (about 30 min on 2 cores with packaging), compared served with the artefact on dev and the
    probes. The start folder is also the teacher of the review texts, alone or in a geometric-mean ensemble with the
    bundled artefacts of the commits `also_taught_by`."""
    from training.candidates import artefact_at_commit, continue_candidate

    start = _saved_start(start_from, WORK / f"cpu-{seed}" / "start")
    teachers = [artefact_at_commit(commit, WORK / f"cpu-{seed}" / "teachers" / commit) for commit in also_taught_by]
    candidate = continue_candidate(start, start_from, WORK / f"cpu-{seed}", seed, on_grid=True, adversarial_epsilon=1.0,
                                   also_taught_by=teachers)
    _compare_with_artefact(candidate)


# The generated texts each edit is about, by what they read like (synthetic_*.is_*_text).
EDIT_FOCUS = {"pros-cons": is_pros_cons_text, "hedges": is_hedge_text, "idioms": is_idiom_text,
              "requests": is_request_text, "second-person": is_second_person_text}


def cpu_edit(seed: int, epochs: int = 1, replay_per_focus: float = 2.0, focus: str = "pros-cons",
             lr: float = 3e-5, trains: str = "all") -> None:
    """A targeted fix of the bundled artefact (training.candidates.edit_candidate: the generated texts `focus` names,
    with their labels, and a replay of the other training texts taught by the artefact alone), packaged with the
    artefact's serving fit and compared served with it on dev and the probes. About 12 min on 2 cores. The review
    corpus's own texts of the same kind keep their whole review's verdict, so only generated ones are the focus.
    `trains="fp32-only"` trains only what the int8 export keeps in fp32 (TrainConfig.fp32_served_only);
    `trains="rows=你,…"` only those tokens' embedding rows, without FGM (TrainConfig.trained_token_rows)."""
    from training.candidates import edit_candidate

    work = WORK / f"edit-{seed}"
    reads_like = EDIT_FOCUS[focus]
    rows = tuple(trains.removeprefix("rows=").split(",")) if trains.startswith("rows=") else ()
    candidate = edit_candidate(_saved_start(DEFAULT_TRANSFORMER_DIR, work / "start"), DEFAULT_TRANSFORMER_DIR, work,
                               seed, lambda e: e.source == "synthetic" and reads_like(e.text), epochs=epochs,
                               replay_per_focus=replay_per_focus, lr=lr, fp32_served_only=trains == "fp32-only",
                               token_rows=rows, adversarial_epsilon=0.0 if rows else 1.0)
    _compare_with_artefact(candidate)


def _package_edit(checkpoint: Path, output_dir: Path, record: dict[str, object] | None = None) -> None:
    """An edit's saved weights packaged as `edit_candidate` packages them (no quantisation-aware pass, the artefact's
    serving fit), `record` added to the folder's training.json, and compared served with the artefact."""
    from training.candidates import keep_serving_fit, package_candidate

    candidate = package_candidate(checkpoint, output_dir, grid_steps=0)
    if record:
        written = json.loads((candidate / "training.json").read_text())
        (candidate / "training.json").write_text(json.dumps(written | record, indent=2, ensure_ascii=False))
    _compare_with_artefact(keep_serving_fit(candidate, DEFAULT_TRANSFORMER_DIR))


def repackage(seed: int) -> None:
    """An edit's trained weights packaged again under `candidate-kept` with today's packaging and the artefact's
    serving fit, and compared served with the artefact."""
    work = WORK / f"edit-{seed}"
    _package_edit(work / "run" / "best", work / "candidate-kept")


def repackage_last(seed: int) -> None:
    """An edit's last epoch (from its run's checkpoint, not the best-on-dev epoch) packaged under `candidate-last`
    with the artefact's serving fit, and compared served with the artefact."""
    from dataclasses import fields

    work = WORK / f"edit-{seed}"
    model, tokenizer = finetune.load_model(work / "run" / "best")
    grid.attach(model)  # the checkpoint holds the fp32 weights under the grid parametrisation
    model.load_state_dict(torch.load(work / "run" / "checkpoint.pt", weights_only=False)["model"])
    grid.snap(model)
    saved = json.loads((work / "run" / "train_config.json").read_text())
    config = finetune.TrainConfig(**{f.name: saved[f.name] for f in fields(finetune.TrainConfig) if f.name in saved})
    finetune.save_model(model, tokenizer, work / "last", replace(config, output_dir=work / "last"))
    run = json.loads((work / "run" / "history.json").read_text())
    _package_edit(work / "last", work / "candidate-last",
                  {"train_seconds": round(run["seconds"], 1), "best_epoch": len(run["history"]),
                   "history": run["history"],
                   "epoch_kept": "the last (the run's best-on-dev rule kept the earliest of tied epochs)"})


def soup_of(name: str, folders: list[Path]) -> None:
    """The uniform soup of finished runs' best checkpoints (`save_model` folders), re-snapped to the grid, packaged
    under WORK/name and compared served with the artefact on dev and the probes."""
    from transformers import AutoTokenizer

    from training.candidates import package_candidate
    from training.cli import _base_model

    base, _, _ = _base_model(None)
    members = [finetune.load_model(folder)[0] for folder in folders]
    model = members[0]
    soup([m.state_dict() for m in members], model)  # the mean is taken before it is loaded into members[0]
    best = WORK / name / "best"
    finetune.save_model(model, AutoTokenizer.from_pretrained(base), best,
                        finetune.TrainConfig(base_model=base, output_dir=best, **RECIPE))
    (best / "soup.json").write_text(json.dumps({"members": [str(f) for f in folders]}, indent=1))
    candidate = package_candidate(best, WORK / name / "candidate")
    _compare_with_artefact(candidate)


CONTINUED_KEYS = ("train_seconds", "best_epoch", "history", "recipe", "teacher", "continued_from", "recipe_note",
                  "train_examples", "notebook")


def adopt(work: Path, previous_name: str, note: str, device_dir: Path | None = None, folder: str = "candidate") -> None:
    """Step 4, only if the candidate packaged under `work` served better on dev: it replaces the bundled artefact,
    whose record becomes `continued_from`, then the evaluation (test split and gold, read for the first time)
    rewrites the card. `device_dir` holds a GPU run's report (its dev history stayed on the GPU machine)."""
    from training import cli
    from training.candidates import EDIT_FILE
    from training.sources import sha256_of

    previous = json.loads((DEFAULT_TRANSFORMER_DIR / "training.json").read_text())
    continued = {"name": previous_name, "model_sha256": sha256_of(DEFAULT_TRANSFORMER_DIR / "model.onnx")}
    continued |= {k: previous[k] for k in CONTINUED_KEYS if k in previous}
    record = json.loads((work / folder / "transformer" / "training.json").read_text())
    if device_dir is not None:
        report = json.loads((device_dir / "report.json").read_text())
        seed, fgm = report["chosen"].removeprefix("seed").split("-fgm")  # a single run's name, e.g. seed71-fgm1
        run = report[f"history_seed{seed}"]  # what the run's own train() wrote
        record |= {"train_seconds": round(run["seconds"], 1), "best_epoch": run["best_epoch"],
                   "history": run["history"], "device_runs": report["dev"], "start_dev_accuracy": report["start_dev"]}
        record["recipe"] |= {"seed": int(seed), "epochs": len(run["history"]), "adversarial_epsilon": float(fgm)}
    edit_file = work / EDIT_FILE  # an edit: its replayed texts were taught, its focus kept their labels
    if edit_file.exists():
        record["edit"] = json.loads(edit_file.read_text())
    record |= {"teacher": {"name": "the previous artefact", "model_sha256": continued["model_sha256"],
                           "soft_targets_for": "the replayed texts" if edit_file.exists() else "reviews"},
               "continued_from": continued, "notebook": "notebooks/gpu_continuations.py", "recipe_note": note}
    for stale in DEFAULT_TRANSFORMER_DIR.iterdir():
        stale.unlink()
    for fresh in (work / folder / "transformer").iterdir():
        shutil.copy(fresh, DEFAULT_TRANSFORMER_DIR / fresh.name)
    (DEFAULT_TRANSFORMER_DIR / "training.json").write_text(json.dumps(record, indent=2, ensure_ascii=False))
    # The parity check reads the on-grid PyTorch weights: the quantisation-aware pass's copy, or for an edit (packaged
    # without the pass) the run's best epoch, saved on the grid.
    last = folder == "candidate-last"  # `repackage_last` saved the run's last epoch under `last`
    cli.evaluate(trained_dir=work / "last" if last else next(work.glob("**/best-int8-grid"), work / "run" / "best"))


TAUGHT_BY = "--also-taught-by="


def _taught_by(args: list[str]) -> tuple[str, ...]:
    """The commits named by `--also-taught-by=COMMIT,COMMIT` flags among `args`."""
    return tuple(c for a in args if a.startswith(TAUGHT_BY) for c in a.removeprefix(TAUGHT_BY).split(",") if c)


if __name__ == "__main__":
    step = sys.argv[1]
    if step == "prepare":  # prepare [--also-taught-by=COMMIT,COMMIT]
        prepare(_taught_by(sys.argv[2:]))
    elif step == "device":
        device(Path(sys.argv[2]), *sys.argv[3:4], *map(int, sys.argv[4:5]))
    elif step == "collect":
        collect(Path(sys.argv[2]))
    elif step == "cpu-epoch":  # cpu-epoch SEED [FROM_FOLDER] [--also-taught-by=COMMIT,COMMIT]
        folders = [Path(a) for a in sys.argv[3:] if not a.startswith(TAUGHT_BY)]
        cpu_epoch(int(sys.argv[2]), *(folders or [DEFAULT_TRANSFORMER_DIR]), also_taught_by=_taught_by(sys.argv[3:]))
    elif step == "cpu-edit":  # cpu-edit SEED [EPOCHS [REPLAY_PER_FOCUS [FOCUS [LR [TRAINS]]]]]
        cpu_edit(int(sys.argv[2]), *map(int, sys.argv[3:4]), *map(float, sys.argv[4:5]), *sys.argv[5:6],
                 *map(float, sys.argv[6:7]), *sys.argv[7:8])
    elif step == "repackage":  # repackage SEED
        repackage(int(sys.argv[2]))
    elif step == "repackage-last":  # repackage-last SEED
        repackage_last(int(sys.argv[2]))
    elif step == "soup":  # soup NAME FOLDER FOLDER...
        soup_of(sys.argv[2], [Path(a) for a in sys.argv[3:]])
    elif step == "adopt":  # adopt WORK PREVIOUS_NAME NOTE [DEVICE_DIR] [--folder=candidate-last]
        named = [a.removeprefix("--folder=") for a in sys.argv[5:] if a.startswith("--folder=")]
        device_dirs = [Path(a) for a in sys.argv[5:6] if not a.startswith("--")]
        adopt(Path(sys.argv[2]), sys.argv[3], sys.argv[4], *device_dirs, folder=(named or ["candidate"])[0])
    else:
        raise SystemExit(f"unknown step {step!r}: prepare, device, collect, adopt, cpu-epoch, cpu-edit, repackage, repackage-last or soup")
